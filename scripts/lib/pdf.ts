/** A text PDF made with pdfkit for benchmarks (Helvetica's WinAnsi covers å ä ö; other characters become spaces). */
import PDFDocument from 'pdfkit';

export function pdfOf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(10).text(text.replace(/[^\x09\x0a\x0d\x20-\x7e\u00a0-\u00ff–—’”]/g, ' '), { width: 460 });
    doc.end();
  });
}
