import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations from db/pg/schema.ts: npm run db:generate:pg after changing it (and db/schema.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/pg/schema.ts',
  out: './db/pg/migrations',
});
