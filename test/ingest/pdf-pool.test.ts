import { describe, expect, it } from 'vitest';
import { PdfPool } from '../../server/ingest/extractors/pdf-pool.js';
import { makePdf } from '../helpers/pdf.js';

describe('PdfPool', () => {
  it('cuts off a job at its time limit and keeps serving with a fresh worker', async () => {
    const pool = new PdfPool(1);
    const pdf = await makePdf([['Kommunfullmäktige', 'Motion om cykelbanor i Årsta och Älvsjö.']]);
    expect(await pool.run(pdf, 1)).toBe('timeout');
    const reply = await pool.run(pdf, 20_000);
    expect(reply).toMatchObject({ ok: true });
    expect(reply !== 'timeout' && reply.ok && reply.pages.join('\n')).toContain('Motion om cykelbanor i Årsta och Älvsjö.');
    await pool.close();
  });

  it('runs several files through the same workers', async () => {
    const pool = new PdfPool(2);
    const pdfs = await Promise.all([1, 2, 3, 4, 5].map((n) => makePdf([[`Yrkande nummer ${n} om budgeten`]])));
    const replies = await Promise.all(pdfs.map((p) => pool.run(p, 20_000)));
    replies.forEach((r, i) => expect(r !== 'timeout' && r.ok && r.pages[0]).toContain(`Yrkande nummer ${i + 1}`));
    await pool.close();
  });
});
