/** The read cache's version on PostgreSQL (db/read-cache.ts): data_version.n, moved by the triggers of migration 0001. */
import { eq } from 'drizzle-orm';
import { dataVersion } from './schema.js';
import type { PgDb } from '../engine.js';

export async function currentVersion(db: PgDb): Promise<number> {
  const [row] = await db.select({ n: dataVersion.n }).from(dataVersion).where(eq(dataVersion.id, 1)).limit(1);
  return row!.n;
}
