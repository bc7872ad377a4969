/** Typed configuration: the only reader of process.env. Invalid values fail at boot. */
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths.js';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /** A PostgreSQL URL from DATABASE_URL (issue 17), or null: the SQLite file at databasePath. */
  databaseUrl: string | null;
  maxUploadBytes: number;
  /** Folder imported on first start when the database holds no documents; null disables. */
  seedDir: string | null;
  /** Wall-clock limit for extracting one PDF in its worker thread. */
  pdfTimeoutMs: number;
  /** Threads that analyse uploads off the event loop; 0 analyses on the main thread (no deadline). */
  analysisWorkers: number;
  /** Wall-clock limit for analysing one uploaded file, whatever its format. */
  analysisTimeoutMs: number;
  /** Heap limit of each analysis thread, in MB. */
  analysisHeapMb: number;
  /** Largest multipart body one request may send (all its files together). */
  maxRequestBytes: number;
  logLevel: string;
  /**
   * The address the public reaches the archive at ("https://standpunkt.example.se"), without a
   * trailing slash. Absolute links (feeds, CSV, citations) are built from it, never from the
   * request's Host header, which a client can forge.
   */
  publicUrl: string;
  /** Mark cookies Secure: on when PUBLIC_URL is https, unless COOKIE_SECURE=0; COOKIE_SECURE=1 forces it. */
  cookieSecure: boolean;
  /** How long a login lasts. */
  sessionTtlMs: number;
  /**
   * Worker threads that run searches off the event loop (0: on the main thread, as ':memory:' always does).
   * One per core by default: one worker was busy 79% under load while the other core waited.
   */
  searchWorkers: number;
  /** A search still running after this long is cut off (its worker replaced) and answered with a 503. */
  searchTimeoutMs: number;
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), as Fastify's trustProxy
   * takes it: addresses or CIDR ranges, or a hop count; false when unset. Behind nginx the login
   * limit per address must see the client, not the proxy.
   */
  trustProxy: boolean | string | number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`Ogiltigt värde för ${name}: "${raw}"`);
  return n;
}

/** PUBLIC_URL: an http(s) address without credentials, query or fragment; the default is this machine. */
function publicUrlFrom(env: NodeJS.ProcessEnv, port: number): string {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === '') return `http://localhost:${port}`;
  let url: URL;
  try { url = new URL(raw); } catch { throw new Error(`Ogiltigt värde för PUBLIC_URL: "${raw}" (skriv till exempel https://standpunkt.example.se)`); }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw new Error(`Ogiltigt värde för PUBLIC_URL: "${raw}" (en http- eller https-adress utan inloggning, frågedel eller #)`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** COOKIE_SECURE: 1 or 0 say so; unset follows PUBLIC_URL (Secure behind https). */
function cookieSecureFrom(env: NodeJS.ProcessEnv, publicUrl: string): boolean {
  const raw = env.COOKIE_SECURE;
  if (raw === undefined || raw === '') return publicUrl.startsWith('https:');
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new Error(`Ogiltigt värde för COOKIE_SECURE: "${raw}" (1 eller 0)`);
}

/** TRUST_PROXY: unset or 0 (no proxy), a hop count, or a comma-separated list of addresses and CIDR ranges. */
function trustProxyFrom(raw: string | undefined): boolean | string | number {
  const v = raw?.trim();
  if (!v || v === '0' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (!/^[0-9a-fA-F.:/,\s]+$/.test(v)) throw new Error(`Ogiltigt värde för TRUST_PROXY: "${v}" (antal proxyled, eller adresser och nät som 10.0.0.0/8, kommaseparerade)`);
  return v.split(',').map((x) => x.trim()).filter(Boolean).join(',');
}

/** Reads the environment once into a Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = ROOT;
  const port = intFrom(env, 'PORT', 3000, 0);
  const publicUrl = publicUrlFrom(env, port);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databasePath: env.DATABASE_PATH || path.join(root, 'data', 'standpunkt.db'),
    databaseUrl: env.DATABASE_URL?.trim() || null,
    maxUploadBytes: Math.round(intFrom(env, 'MAX_UPLOAD_MB', 50, 0.001) * 1024 * 1024),
    seedDir: env.SEED_DIR === '' ? null : env.SEED_DIR || path.join(root, 'fixtures', 'seed'),
    pdfTimeoutMs: intFrom(env, 'PDF_TIMEOUT_MS', 30_000, 100),
    analysisWorkers: intFrom(env, 'ANALYSIS_WORKERS', Math.min(4, os.availableParallelism()), 0),
    analysisTimeoutMs: intFrom(env, 'ANALYSIS_TIMEOUT_MS', 60_000, 100),
    analysisHeapMb: intFrom(env, 'ANALYSIS_HEAP_MB', 512, 64),
    maxRequestBytes: Math.round(intFrom(env, 'MAX_REQUEST_MB', 200, 0.001) * 1024 * 1024),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl,
    cookieSecure: cookieSecureFrom(env, publicUrl),
    sessionTtlMs: intFrom(env, 'SESSION_DAYS', 14, 1) * 24 * 60 * 60 * 1000,
    searchWorkers: intFrom(env, 'SEARCH_WORKERS', os.availableParallelism(), 0),
    searchTimeoutMs: intFrom(env, 'SEARCH_TIMEOUT_MS', 5_000, 1),
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
  };
}
