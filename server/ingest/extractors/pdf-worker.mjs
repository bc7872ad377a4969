// Long-lived worker that extracts PDF text with pdf-parse. It runs in a thread so a hostile PDF
// can be cut off by a time limit (the pool terminates and replaces the thread), and so loading
// pdf.js is paid once per thread, not once per file.
// Plain JavaScript on purpose: worker threads do not inherit the TypeScript loader in every runner.
import { parentPort } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';

parentPort.on('message', async ({ id, bytes }) => {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText();
    parentPort.postMessage({ id, ok: true, pages: result.pages.map((p) => p.text) });
  } catch (err) {
    const name = err && typeof err === 'object' && 'name' in err ? String(err.name) : 'Error';
    const message = err instanceof Error ? err.message : String(err);
    parentPort.postMessage({ id, ok: false, name, message });
  } finally {
    await parser.destroy().catch(() => {});
  }
});
