/** GET /healthz: 200 once the database is open and migrated (the app is only built after that). */
import type { FastifyPluginAsync } from 'fastify';
import { ping } from '../../db/client.js';

export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => {
    await ping(app.db);
    return { ok: true };
  });
};
