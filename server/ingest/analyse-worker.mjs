// Worker threads do not inherit tsx's loader: register it, then load the TypeScript worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// A worker that reads PDFs itself loads pdf.js (two modules of some megabytes) before the loader is
// registered, as a PDF thread does: through tsx's loader the same load costs this thread about a second.
if (workerData?.pdfInThread) await Promise.all([import('pdf-parse'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
register();
await import('./analyse-worker.ts');
