/** Parties repository. */
import type { Executor } from './client.js';
import { parties } from './schema.js';
import { partyName } from '../server/domain/parties.js';

/** Makes sure a party code exists (local parties are added the first time they appear). */
export async function ensureParty(db: Executor, code: string): Promise<void> {
  db.insert(parties).values({ code, name: partyName(code) }).onConflictDoNothing().run();
}
