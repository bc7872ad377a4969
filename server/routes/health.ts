/** GET /healthz: 200 once the database is open and migrated (the app is only built after that). */
import type { FastifyPluginAsync } from 'fastify';

export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => {
    app.db.$client.prepare('SELECT 1').get();
    return { ok: true };
  });
};
