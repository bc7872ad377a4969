/**
 * The real server (the bundle `npm start` runs) in a child process of its own, on a temporary
 * database with an administrator token: for tests that measure the server from outside, so the
 * test's own work (building bodies, sending them) never runs on the server's event loop.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, openDb } from '../../db/client.js';
import { addTestUser } from './app.js';
import { root } from './cli.js';

export interface ServerProcess {
  base: string;
  token: string;
  child: ChildProcess;
  /** Sends `signal` and resolves with the milliseconds until the process exited, and its exit code. */
  stop(signal?: NodeJS.Signals): Promise<{ ms: number; code: number | null }>;
}

let built = false;

export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  if (!built) {
    execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root });
    built = true;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-proc-'));
  const dbPath = path.join(tmp, 'server.db');
  const db = openDb(dbPath);
  const { token } = await addTestUser(db, { email: 'admin@test.invalid', role: 'admin' });
  closeDb(db);
  const port = 5000 + Math.floor(Math.random() * 4000);
  const child = spawn(process.execPath, [path.join(root, 'dist/server.mjs')], {
    cwd: tmp, stdio: 'ignore',
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbPath, SEED_DIR: '', LOG_LEVEL: 'warn', ...env },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    base, token, child,
    async stop(signal = 'SIGTERM') {
      const t = performance.now();
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      fs.rmSync(tmp, { recursive: true, force: true });
      return { ms: performance.now() - t, code };
    },
  };
}
