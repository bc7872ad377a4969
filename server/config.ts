/** Typed configuration: the only reader of process.env. Invalid values fail at boot. */
import path from 'node:path';
import { ROOT } from './paths.js';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  maxUploadBytes: number;
  /** Folder imported on first start when the database holds no documents; null disables. */
  seedDir: string | null;
  /** Wall-clock limit for extracting one PDF in its worker thread. */
  pdfTimeoutMs: number;
  logLevel: string;
  /** Mark the session cookie Secure (set COOKIE_SECURE=1 behind HTTPS). */
  cookieSecure: boolean;
  /** How long a login lasts. */
  sessionTtlMs: number;
  /** Worker threads that run searches off the event loop (0: on the main thread, as ':memory:' always does). */
  searchWorkers: number;
  /** A search still running after this long is cut off (its worker replaced) and answered with a 503. */
  searchTimeoutMs: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`Ogiltigt värde för ${name}: "${raw}"`);
  return n;
}

/** Reads the environment once into a Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = ROOT;
  return {
    port: intFrom(env, 'PORT', 3000, 0),
    host: env.HOST || '0.0.0.0',
    databasePath: env.DATABASE_PATH || path.join(root, 'data', 'standpunkt.db'),
    maxUploadBytes: Math.round(intFrom(env, 'MAX_UPLOAD_MB', 50, 0.001) * 1024 * 1024),
    seedDir: env.SEED_DIR === '' ? null : env.SEED_DIR || path.join(root, 'fixtures', 'seed'),
    pdfTimeoutMs: intFrom(env, 'PDF_TIMEOUT_MS', 30_000, 100),
    logLevel: env.LOG_LEVEL || 'info',
    cookieSecure: env.COOKIE_SECURE === '1',
    sessionTtlMs: intFrom(env, 'SESSION_DAYS', 14, 1) * 24 * 60 * 60 * 1000,
    searchWorkers: intFrom(env, 'SEARCH_WORKERS', 1, 0),
    searchTimeoutMs: intFrom(env, 'SEARCH_TIMEOUT_MS', 5_000, 1),
  };
}
