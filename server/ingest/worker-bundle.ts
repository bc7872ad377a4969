/**
 * The analysis worker as one JavaScript file, for the bulk import when it runs under tsx (`npm run
 * import`, tests): a worker started from the TypeScript registers tsx's loader, which starts a loader
 * thread of its own and passes every module through it. The import starts a worker per core and a
 * successor now and then, each paying that again; esbuild bundles the worker once per process
 * instead, as `npm start`'s prestart does for the server (scripts/build-server.mjs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot, RUNNING_FROM_BUNDLE } from '../paths.js';

let built: Promise<URL | null> | null = null;

/**
 * The bundle's URL, built on the first call in this process from the source as it is now (so it is
 * never older than what tsx would load); null when running from the server bundle (its own worker
 * is already JavaScript) or when esbuild cannot build it, and the pool then uses its default worker.
 */
export function analysisWorkerBundle(): Promise<URL | null> {
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
      return pathToFileURL(file);
    } catch {
      return null;
    }
  })();
  return built;
}
