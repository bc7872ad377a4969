// Runs pdf-parse in a worker thread so a hostile PDF can be killed by a time limit.
// Plain JavaScript on purpose: worker threads do not inherit the TypeScript loader in every runner.
import { parentPort, workerData } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';

const parser = new PDFParse({ data: new Uint8Array(workerData.bytes) });
try {
  const result = await parser.getText();
  parentPort.postMessage({ ok: true, pages: result.pages.map((p) => p.text) });
} catch (err) {
  const name = err && typeof err === 'object' && 'name' in err ? String(err.name) : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  parentPort.postMessage({ ok: false, name, message });
} finally {
  await parser.destroy().catch(() => {});
}
