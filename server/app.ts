/** buildApp(config, db): external plugins, then decorators, then the app's routes and error handlers. */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import cookie from '@fastify/cookie';
import type { Eta } from 'eta';
import type { Db } from '../db/client.js';
import { isPg } from '../db/engine.js';
import { setSearchTimeout } from '../db/pg/search.js';
import type { Config } from './config.js';
import { registerErrorHandlers } from './http-errors.js';
import { createViews } from './views.js';
import { healthRoutes } from './routes/health.js';
import { documentsApiRoutes } from './routes/documents-api.js';
import { documentPageRoutes } from './routes/document-pages.js';
import { searchRoutes } from './routes/search.js';
import { closePdfWorkers } from './ingest/extractors/pdf.js';
import { peopleRoutes } from './routes/people.js';
import { partyRoutes } from './routes/parties.js';
import { arendeRoutes } from './routes/arenden.js';
import { registerFormParser } from './form-body.js';
import { loginCsrfKey, registerAuthentication, viewerOf } from './auth.js';
import { DatabaseAttemptLimiter, type AttemptLimiter } from './accounts/rate-limit.js';
import { accountRoutes } from './routes/account.js';
import { uploadRoutes } from './routes/upload.js';
import { correctionRoutes } from './routes/corrections.js';
import { OcrRunner } from './ocr/runner.js';
import { sharedAnalysisPool, type PoolOptions } from './ingest/analysis-pool.js';
import type { NewDocument } from './ingest/types.js';
import type { Upload } from './ingest/pipeline.js';
import { SearchRunner } from './search/search-runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    views: Eta;
    /** Password guesses (login, current password), reserved before each verification; shared through the database. */
    attempts: AttemptLimiter;
    /** Background OCR; `server.ts` starts it, tests start it when they test OCR. */
    ocr: OcrRunner;
    /** Upload analysis in worker threads, each file with a deadline; throws the file's IngestError. */
    analyseUpload(upload: Upload): Promise<NewDocument>;
    /** Starts the analysis workers now rather than on the first upload (the server, after listen). */
    warmAnalysis(): void;
    /** Runs searches in worker threads, off the event loop (search/search-runner.ts). */
    searches: SearchRunner;
  }
  interface FastifyReply {
    /** Renders a page with the signed-in viewer (for the layout's account menu) and sends it as HTML. */
    page(name: string, data: object): FastifyReply;
  }
}

/** Builds the server around an open, migrated database. Tests call this with an in-memory one. */
export async function buildApp(config: Config, db: Db, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: config.logLevel } : false,
    // Hostile clients must not hold a worker forever.
    requestTimeout: 120_000,
    routerOptions: { maxParamLength: 200 },
    // A hop count as the function Fastify's types take: the nearest n proxies are believed.
    trustProxy: typeof config.trustProxy === 'number' ? (((hops: number) => (_address: string, hop: number) => hop < hops)(config.trustProxy)) : config.trustProxy,
  });
  // preservePath: the server must see "../" in a filename to refuse it, not a silently trimmed name.
  await app.register(multipart, { preservePath: true, limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10, parts: 12 } });
  app.decorate<Db>('db', db);
  app.decorate('config', config);
  app.decorate('views', createViews());
  app.decorate('attempts', new DatabaseAttemptLimiter(db));
  // Made now rather than at the first login page, so serving pages never writes.
  await loginCsrfKey(db);
  app.decorateReply('page', function (this: FastifyReply, name: string, data: object) {
    return this.type('text/html; charset=utf-8').send(this.server.views.render(name, { ...data, viewer: viewerOf(this.request) }));
  });
  await app.register(cookie);
  registerAuthentication(app);
  app.addHook('onClose', closePdfWorkers);
  app.decorate('ocr', new OcrRunner(db, { log: (msg, data) => app.log.info(data ?? {}, msg) }));
  app.addHook('onClose', async () => app.ocr.stop());
  const analysisOpts: PoolOptions = {
    maxUploadBytes: config.maxUploadBytes, pdfTimeoutMs: config.pdfTimeoutMs,
    analysisTimeoutMs: config.analysisTimeoutMs, workerHeapMb: config.analysisHeapMb,
  };
  const analysis = sharedAnalysisPool(config.analysisWorkers, analysisOpts);
  app.decorate('analyseUpload', (upload: Upload) => analysis.analyseUploadOrThrow(upload, { opts: analysisOpts, owner: app }));
  app.decorate('warmAnalysis', () => analysis.warm());
  // First in the close: uploads being analysed are answered at once instead of holding the close.
  app.addHook('preClose', async () => analysis.cancel(app));
  // On PostgreSQL searches wait on the database, not on this thread, and its statement_timeout stops them.
  if (isPg(db)) setSearchTimeout(db, config.searchTimeoutMs);
  app.decorate('searches', new SearchRunner(db, {
    databasePath: isPg(db) ? '' : config.databasePath, workers: config.searchWorkers, timeoutMs: config.searchTimeoutMs,
    log: (msg, data) => app.log.warn(data ?? {}, msg),
  }));
  app.addHook('onClose', async () => app.searches.close());
  // Pages carry no inline script or style, so a strict policy costs nothing.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    }
  });
  registerFormParser(app);
  registerErrorHandlers(app);
  await app.register(healthRoutes);
  await app.register(documentsApiRoutes);
  await app.register(documentPageRoutes);
  await app.register(searchRoutes);
  await app.register(peopleRoutes);
  await app.register(partyRoutes);
  await app.register(arendeRoutes);
  await app.register(accountRoutes);
  await app.register(uploadRoutes);
  await app.register(correctionRoutes);
  return app;
}
