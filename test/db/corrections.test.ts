import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { getDocument, listDocuments } from '../../db/documents.js';
import { storeDocument, recordCorrection, recordExtraction } from '../../server/use-cases/documents.js';
import { analyseFile } from '../../server/ingest/pipeline.js';
import { loadConfig } from '../../server/config.js';
import { overlayCorrections } from '../../server/domain/effective-metadata.js';

const config = loadConfig({});
const TEXT = 'Huddinge kommun\n\nPROTOKOLLSANTECKNING\n\nÄrende 4: Parkeringsnorm\n\nVi anser att normen är för låg i centrala Huddinge och borde ses över innan den antas.\n\nFör Moderaterna\n\nAnna Andersson';

describe('human corrections and machine extractions are kept apart', () => {
  it('a correction wins over the extraction and survives a later, better extraction', async () => {
    const db = openDb(':memory:');
    const doc = await analyseFile({ bytes: Buffer.from(TEXT), filename: 'p.txt' }, config);
    expect(doc.metadata.date).toBeNull();
    const { id } = await storeDocument(db, doc);

    await recordCorrection(db, id, 'date', '2022-05-09', 'Eva Sekreterare');
    await recordCorrection(db, id, 'parties', ['M', 'KD'], 'Eva Sekreterare');
    expect((await getDocument(db, id))!.metadata).toMatchObject({ date: '2022-05-09', parties: ['M', 'KD'] });
    expect((await getDocument(db, id))!.metadata.warnings).not.toContain('Datum saknas i dokumentets huvud.');
    expect((await listDocuments(db, { party: 'KD', limit: 10, offset: 0 })).total).toBe(1);

    // A new extractor version finds another date and a title; the person's date and parties still hold.
    await recordExtraction(db, id, { ...doc.metadata, date: '2022-05-01', title: 'Ny titel' }, 'standpunkt-rules/2', 0.9);
    const after = (await getDocument(db, id))!;
    expect(after.metadata).toMatchObject({ date: '2022-05-09', parties: ['M', 'KD'], title: 'Ny titel' });
    expect(after.extraction).toEqual({ version: 'standpunkt-rules/2', confidence: 0.9, evidence: null });
    const rows = db.$client.prepare('SELECT count(*) AS n FROM extractions WHERE document_id = ?').get(id) as { n: number };
    expect(rows.n).toBe(2);
  });

  it('overlayCorrections refuses unknown fields and leaves the extraction itself untouched', async () => {
    const doc = await analyseFile({ bytes: Buffer.from(TEXT), filename: 'p.txt' }, config);
    const before = JSON.stringify(doc.metadata);
    const m = overlayCorrections(doc.metadata, [{ field: 'arende.diarienummer', value: 'KS-2022/1' }]);
    expect(m.arende.diarienummer).toBe('KS-2022/1');
    expect(JSON.stringify(doc.metadata)).toBe(before);
    expect(() => overlayCorrections(doc.metadata, [{ field: 'text', value: 'x' }])).toThrow(/Okänt fält/);
  });
});
