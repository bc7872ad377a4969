/**
 * Accounts from the command line (the operator's tool; there is no sign-up page):
 *   npm run user:add -- --email anna@example.se --name "Anna Andersson" --role secretary --party S --municipality "Huddinge kommun"
 *   npm run user:add -- --email admin@example.se --name "Admin" --role admin [--password-stdin]
 *   npm run user:list
 *   npm run user:disable -- --email anna@example.se
 * Without --password-stdin a one-time password is printed, which must be changed at first login.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { closeDb, openDb } from '../db/client.js';
import { createUser, disableUser, DuplicateEmailError, listUsers } from '../db/users.js';
import { generatePassword, hashPassword, passwordProblem } from '../server/accounts/passwords.js';
import { partyCode } from '../server/domain/metadata-input.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' },
    party: { type: 'string', multiple: true }, municipality: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const config = loadConfig();
const db = openDb(config.databasePath);
try {
  if (command === 'add') {
    const email = values.email?.trim();
    if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail('Ange en giltig --email.');
    const name = values.name?.trim();
    if (!name) fail('Ange --name.');
    const role = values.role;
    if (role !== 'admin' && role !== 'secretary') fail('--role ska vara admin eller secretary.');
    const parties = (values.party ?? []).flatMap((p) => p.split(',')).map((p) => {
      const code = partyCode(p);
      if (!code) fail(`Okänt parti: ${p}`);
      return code;
    });
    const municipality = values.municipality?.trim() || null;
    if (role === 'secretary' && (parties.length === 0 || !municipality)) fail('En partisekreterare behöver minst ett --party och en --municipality.');
    let password: string;
    let oneTime = false;
    if (values['password-stdin']) {
      password = await readStdin();
      const problem = passwordProblem(password);
      if (problem) fail(problem);
    } else {
      password = generatePassword();
      oneTime = true;
    }
    try {
      const id = await createUser(db, {
        email, name, role, municipality, parties,
        passwordHash: await hashPassword(password), mustChangePassword: oneTime,
      });
      console.log(`Konto ${id} skapat för ${email} (${role === 'admin' ? 'administratör' : `partisekreterare för ${parties.join(', ')} i ${municipality}`}).`);
      if (oneTime) console.log(`Engångslösenord (byts vid första inloggningen): ${password}`);
    } catch (err) {
      if (err instanceof DuplicateEmailError) fail(err.message);
      throw err;
    }
  } else if (command === 'list') {
    const users = await listUsers(db);
    if (users.length === 0) console.log('Inga konton.');
    for (const u of users) {
      const scope = u.role === 'admin' ? 'administratör' : `sekreterare ${u.parties.join(',')} i ${u.municipality}`;
      console.log(`${u.id}\t${u.email}\t${u.name}\t${scope}\t${u.disabledAt ? `avstängt ${u.disabledAt.slice(0, 10)}` : 'aktivt'}`);
    }
  } else if (command === 'disable') {
    if (!values.email) fail('Ange --email.');
    if (!(await disableUser(db, values.email))) fail(`Inget konto för ${values.email}.`);
    console.log(`Kontot ${values.email} är avstängt; dess inloggningar och API-nycklar gäller inte längre.`);
  } else {
    fail('Användning: user.ts add|list|disable [flaggor]');
  }
} finally {
  closeDb(db);
}
