/** Parties repository. */

import { parties } from './schema.js';
import { partyName } from '../server/domain/parties.js';
import { isPg, type Db } from './engine.js';
import * as pg from './pg/accounts.js';

/** Makes sure a party code exists (local parties are added the first time they appear). */
export async function ensureParty(db: Db, code: string): Promise<void> {
  if (isPg(db)) return pg.ensureParty(db, code);
  db.insert(parties).values({ code, name: partyName(code) }).onConflictDoNothing().run();
}
