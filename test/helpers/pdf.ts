/** Real PDFs made in the test run with pdfkit: text, multi-page, encrypted, and image-only. */
import PDFDocument from 'pdfkit';

export interface PdfOptions {
  userPassword?: string;
  /** Draw shapes only, no text layer (a scan without OCR). */
  noText?: boolean;
}

/** Renders pages of text lines into a PDF. Helvetica's WinAnsi encoding covers å ä ö. */
export function makePdf(pages: string[][], opts: PdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument(opts.userPassword ? { userPassword: opts.userPassword, pdfVersion: '1.7' } : {});
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    pages.forEach((lines, i) => {
      if (i > 0) doc.addPage();
      if (opts.noText) {
        doc.rect(72, 72, 300, 20).fill('#333').rect(72, 110, 250, 20).fill('#333');
      } else {
        doc.fontSize(11);
        for (const line of lines) doc.text(line, { width: 450 });
      }
    });
    doc.end();
  });
}

/**
 * A scanned page: the lines are typeset in a text PDF, rendered to a grey bitmap by pdftoppm, and that
 * bitmap alone is put into a new PDF, so the result has no text layer, as a scanner makes it.
 */
export async function makeScannedPdf(lines: string[], dpi = 200): Promise<Buffer> {
  const { execFileSync } = await import('node:child_process');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpunkt-scan-'));
  try {
    const source = path.join(dir, 'text.pdf');
    fs.writeFileSync(source, await makePdf([lines]));
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-singlefile', source, path.join(dir, 'scan')]);
    const png = fs.readFileSync(path.join(dir, 'scan.png'));
    return await new Promise((resolve, reject) => {
      const doc = new PDFDocument({ autoFirstPage: false });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.addPage({ size: 'A4', margin: 0 });
      doc.image(png, 0, 0, { width: doc.page.width, height: doc.page.height });
      doc.end();
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
