/** People repository. Resolution across spellings comes later; for now one person per slug. */
import { eq } from 'drizzle-orm';
import type { Executor } from './client.js';
import { people } from './schema.js';
import { slugify } from '../server/domain/slug.js';

/** The id of the person with this name's slug, created when new. */
export function findOrCreatePerson(db: Executor, name: string): number {
  const slug = slugify(name);
  const found = db.select({ id: people.id }).from(people).where(eq(people.slug, slug)).get();
  if (found) return found.id;
  return db.insert(people).values({ name, slug }).returning({ id: people.id }).get().id;
}
