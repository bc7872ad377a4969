/** Keys the server makes once per database and every process on it reads (`server_secrets`). */
import { eq } from 'drizzle-orm';
import { transaction, type Db } from './client.js';
import { serverSecrets } from './schema.js';
import { isPg } from './engine.js';
import * as pg from './pg/accounts.js';

/**
 * The secret called `name`, stored from `make()` the first time; when two processes race, the first
 * insert wins and both return it. Read on every use rather than cached, so a database restored
 * under a running server, or shared by several, is never signed with a stale key.
 */
export async function serverSecret(db: Db, name: string, make: () => string): Promise<string> {
  if (isPg(db)) return pg.serverSecret(db, name, make);
  const read = () => db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name)).get()?.value;
  const found = read();
  if (found !== undefined) return found;
  // Only the first use writes, in a transaction of its own; every later one only reads.
  await transaction(db, (tx) => { tx.insert(serverSecrets).values({ name, value: make() }).onConflictDoNothing().run(); });
  return read()!;
}
