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
