/**
 * The analysis worker as one JavaScript file, for the bulk import when it runs under tsx (`npm run
 * import`, tests): a worker started from the TypeScript registers tsx's loader, which starts a loader
 * thread of its own and passes every module through it. The import starts a worker per core and a
 * successor now and then, each paying that again; esbuild bundles the worker once per process
 * instead, as `npm start`'s prestart does for the server (scripts/build-server.mjs), and its
 * workers start without the tsx options they would otherwise inherit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot, RUNNING_FROM_BUNDLE } from '../paths.js';

/** Where a worker starts and the Node options it starts with. */
export interface WorkerEntry {
  url: URL;
  execArgv: string[];
}

let built: Promise<WorkerEntry | null> | null = null;

/**
 * The bundle, built on the first call in this process from the source as it is now (so it is never
 * older than what tsx would load); null when running from the server bundle (its own worker is
 * already JavaScript) or when esbuild cannot build it, and the pool then uses its default worker.
 */
export function analysisWorkerBundle(): Promise<WorkerEntry | null> {
  if (RUNNING_FROM_BUNDLE) return Promise.resolve(null);
  built ??= (async () => {
    try {
      const { build } = await import('esbuild');
      const out = await build({
        entryPoints: [fromRoot('server', 'ingest', 'analyse-worker.ts')],
        bundle: true, platform: 'node', format: 'esm', target: 'node20',
        // Packages load from node_modules beside the project, so the file lives inside it (dist/, ignored by git).
        packages: 'external', write: false, logLevel: 'silent',
      });
      const file = fromRoot('dist', 'import', 'analyse-worker.mjs');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Written aside and renamed: another process may be starting a worker from the same file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, out.outputFiles[0]!.contents);
      fs.renameSync(tmp, file);
      return { url: pathToFileURL(file), execArgv: withoutTsx(process.execArgv) };
    } catch {
      return null;
    }
  })();
  return built;
}

/**
 * A worker inherits its parent's Node options, so under tsx it would still run tsx's `--require`
 * and `--import` and start a loader thread for a file that needs none; every other option (heap
 * sizes, --cpu-prof) is kept.
 */
export function withoutTsx(execArgv: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    const joined = /^--(?:require|import)=/.test(a);
    const value = joined ? a.slice(a.indexOf('=') + 1) : (a === '--require' || a === '--import' || a === '-r') ? execArgv[i + 1] ?? '' : null;
    if (value !== null && (/^tsx(?:\/|$)/.test(value) || /[\\/]tsx[\\/]/.test(value))) {
      if (!joined) i++;
      continue;
    }
    kept.push(a);
  }
  return kept;
}
