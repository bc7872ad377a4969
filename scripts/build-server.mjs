/**
 * Bundles the server's own TypeScript into dist/server.mjs (packages stay in node_modules), so
 * `npm start` runs plain JavaScript: loading some hundred modules through tsx's loader took about
 * 0.35 s of every start. Runs as `prestart`, in about 50 ms, and before `npm run import`, which
 * runs dist/import.mjs. Other scripts and the tests keep using tsx.
 */
import { build } from 'esbuild';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// The analysis and search workers are bundled beside the server: a worker thread would otherwise
// load tsx and compile the TypeScript on every start.
await build({
  entryPoints: {
    server: path.join(root, 'server/server.ts'),
    'analyse-worker': path.join(root, 'server/ingest/analyse-worker.ts'),
    'search-worker': path.join(root, 'server/search/search-worker.ts'),
    // `npm run import` runs from here too: under tsx the import kept tsx's loader thread and its
    // transformed sources beside its own (606 of the largest texts: peak RSS 359-360 MB under tsx,
    // 329-341 MB bundled).
    import: path.join(root, 'scripts/import.ts'),
  },
  outdir: path.join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
