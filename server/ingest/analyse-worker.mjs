// Worker threads do not inherit tsx's loader: register it, then load the TypeScript worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

if (workerData?.pdfInThread) {
  // A worker that reads PDFs itself loads pdf.js (two modules of some megabytes) before the loader is
  // registered, as a PDF thread does: through tsx's loader the same load cost about 0.5 s of CPU.
  // Without its source maps too, as extractors/pdf.ts#loadPdfParse explains.
  const maps = process.sourceMapsEnabled === true;
  process.setSourceMapsEnabled(false);
  await Promise.all([import('pdf-parse'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
  process.setSourceMapsEnabled(maps);
}
register();
await import('./analyse-worker.ts');
