// Worker threads do not inherit tsx's loader: register it, then load the TypeScript worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

if (workerData?.pdfInThread) {
  // A worker that reads PDFs itself loads pdf.js (two modules of some megabytes) before the loader is
  // registered, as a PDF thread does: through tsx's loader the same load cost about 0.5 s of CPU.
  // Without its source maps too, as extractors/pdf.ts#loadPdfParse explains.
  // And with V8's Array.prototype.push put back over core-js's, as extractors/pdf.ts#loadPdfParse explains.
  const maps = process.sourceMapsEnabled === true;
  const push = Array.prototype.push;
  process.setSourceMapsEnabled(false);
  await Promise.all([import('pdf-parse'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
  process.setSourceMapsEnabled(maps);
  if (Array.prototype.push !== push) Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, enumerable: false, configurable: true });
}
register();
await import('./analyse-worker.ts');
