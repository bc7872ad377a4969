/**
 * Tesseract and poppler from Debian (`tesseract-ocr`, `tesseract-ocr-swe`, `poppler-utils`), run as
 * child processes: pdfinfo counts pages, pdftoppm renders one page at 300 dpi, tesseract reads it
 * with the Swedish model. Nothing is downloaded; when a program is missing, OCR is unavailable.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface OcrTools {
  tesseract: string;
  pdftoppm: string;
  pdfinfo: string;
}

export const DEFAULT_TOOLS: OcrTools = { tesseract: 'tesseract', pdftoppm: 'pdftoppm', pdfinfo: 'pdfinfo' };

/** Null when OCR can run; otherwise why not, in Swedish. */
export async function ocrUnavailable(tools: OcrTools = DEFAULT_TOOLS): Promise<string | null> {
  try {
    const { stdout, stderr } = await run(tools.tesseract, ['--list-langs'], { timeout: 10_000 });
    if (!/^swe$/m.test(stdout + stderr)) return 'Tesseract saknar svensk språkdata (installera tesseract-ocr-swe).';
  } catch {
    return 'Tesseract är inte installerat (tesseract-ocr, tesseract-ocr-swe).';
  }
  try {
    await run(tools.pdfinfo, ['-v'], { timeout: 10_000 });
    await run(tools.pdftoppm, ['-v'], { timeout: 10_000 });
  } catch {
    return 'poppler-utils (pdftoppm, pdfinfo) är inte installerat.';
  }
  return null;
}

export async function pdfPageCount(pdfPath: string, tools: OcrTools = DEFAULT_TOOLS): Promise<number> {
  const { stdout } = await run(tools.pdfinfo, [pdfPath], { timeout: 30_000 });
  const m = /^Pages:\s+(\d+)/m.exec(stdout);
  if (!m) throw new Error('pdfinfo gav inget sidantal');
  return Number(m[1]);
}

/** Text of one page (1-based): render to a grey PNG at 300 dpi, then Tesseract in Swedish. */
export async function ocrPage(pdfPath: string, page: number, workDir: string, tools: OcrTools = DEFAULT_TOOLS): Promise<string> {
  // A directory of its own per call: pages of different PDFs may be read side by side in workDir.
  const own = await fs.mkdtemp(path.join(workDir, 'sida-'));
  const prefix = path.join(own, `sida-${page}`);
  try {
    await run(tools.pdftoppm, ['-f', String(page), '-l', String(page), '-r', '300', '-gray', '-png', '-singlefile', pdfPath, prefix], { timeout: 120_000 });
    const image = `${prefix}.png`;
    // One Tesseract thread per process: the runner decides the parallelism.
    const { stdout } = await run(tools.tesseract, [image, 'stdout', '-l', 'swe', '--psm', '1'], {
      timeout: 300_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    return stdout;
  } finally {
    await fs.rm(own, { recursive: true, force: true });
  }
}
