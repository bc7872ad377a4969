/**
 * A real Göteborg matter (fixtures/arenden/goteborg-slk-2025-00345): a motion, two parties' yrkanden,
 * the KS yttrande and the KF paragraph, only three of them carrying the diarienummer. Whatever order
 * they arrive in, they form one ärende whose timeline reads top to bottom as the manifest says.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, upload } from '../helpers/app.js';

const DIR = 'fixtures/arenden/goteborg-slk-2025-00345';
interface Manifest {
  diarienummer: string;
  documents: Array<{ file: string; kind: string; date: string | null; parties: string[]; diarienummer: string | null }>;
  sideBySide: string[][];
}
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Manifest;

let app: FastifyInstance;
beforeEach(async () => { ({ app } = await buildTestApp()); });
afterEach(async () => { await app.close(); });

const orders: Record<string, number[]> = {
  'in timeline order': [0, 1, 2, 3, 4],
  'newest first': [4, 3, 2, 1, 0],
  'motion last': [2, 4, 1, 3, 0],
  'yttrande first': [3, 0, 4, 2, 1],
};

describe('Göteborg ärende SLK-2025-00345', () => {
  for (const [name, order] of Object.entries(orders)) {
    it(`forms one ärende with the manifest's timeline when uploaded ${name}`, async () => {
      const idOf = new Map<string, number>();
      for (const i of order) {
        const d = manifest.documents[i]!;
        const r = await upload(app, d.file, fs.readFileSync(path.join(DIR, d.file)));
        expect(r.statusCode, r.body).toBe(201);
        const doc = r.json();
        expect(doc.kind, d.file).toBe(d.kind);
        expect(doc.date, d.file).toBe(d.date);
        expect(doc.arende.diarienummer, d.file).toBe(d.diarienummer);
        idOf.set(d.file, doc.id);
      }
      const first = (await app.inject(`/api/documents/${idOf.get(manifest.documents[0]!.file)}`)).json();
      expect(first.arenden).toHaveLength(1);
      const arendeUrl = `/api/arenden/${first.arenden[0].id}`;
      const arende = (await app.inject(arendeUrl)).json();
      expect(arende.diarienummer).toBe(manifest.diarienummer);
      expect(arende.documents.map((d: { id: number }) => d.id)).toEqual(manifest.documents.map((d) => idOf.get(d.file)));
      // Every document records the rule that linked it; the undated motion and the yttrande came by title.
      const rules = Object.fromEntries(arende.documents.map((d: { id: number; rule: string }) => [d.id, d.rule]));
      expect(['titel', 'ny']).toContain(rules[idOf.get('01-motion-d.txt')!]);
      expect(['titel', 'ny']).toContain(rules[idOf.get('04-yttrande-ks.txt')!]);
      // The competing yrkanden form one step, shown side by side.
      for (const group of manifest.sideBySide) {
        const step = arende.steps.find((s: { documents: number[] }) => s.documents.includes(idOf.get(group[0]!)!));
        expect(step.sideBySide).toBe(true);
        expect(step.documents).toEqual(group.map((f) => idOf.get(f)));
      }
      // Every other document of the matter points to the same ärende.
      for (const d of manifest.documents) {
        const json = (await app.inject(`/api/documents/${idOf.get(d.file)}`)).json();
        expect(json.arenden.map((a: { id: number }) => a.id), d.file).toEqual([arende.id]);
      }
      const page = await app.inject(`/arenden/${arende.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('partiernas ståndpunkter sida vid sida');
      const order2 = manifest.documents.map((d) => page.body.indexOf(`href="/dokument/${idOf.get(d.file)}"`));
      expect(order2.every((x) => x > 0)).toBe(true);
      expect([...order2].sort((a, b) => a - b)).toEqual(order2);
    });
  }

  it('redirects the id of an ärende that was merged into this one', async () => {
    // The motion alone makes an ärende; the D/M/L/KD yrkande (diarienummer + the motion's title) joins it.
    const motion = (await upload(app, 'm.txt', fs.readFileSync(path.join(DIR, '01-motion-d.txt')))).json();
    const sd = (await upload(app, 's.txt', fs.readFileSync(path.join(DIR, '02-yrkande-sd.txt')))).json();
    const before = (await app.inject(`/api/documents/${motion.id}`)).json().arenden[0].id;
    const sdArende = (await app.inject(`/api/documents/${sd.id}`)).json().arenden[0].id;
    expect(before).not.toBe(sdArende);
    await upload(app, 'y.txt', fs.readFileSync(path.join(DIR, '03-yrkande-d-m-l-kd.txt')));
    const after = (await app.inject(`/api/documents/${motion.id}`)).json().arenden[0].id;
    expect(after).toBe(sdArende);
    const r = await app.inject(`/arenden/${before}`);
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe(`/arenden/${sdArende}`);
  });
});
