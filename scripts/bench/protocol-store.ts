/**
 * Protocol storage benchmark: the largest Göteborg meetings in ../shared/corpus/goteborg-kf.jsonl.gz
 * joined into one protocol each (its real paragraphs one after another, as a 150-page protocol holds
 * them), with the corpus's own baseline parse as the paragraphs' positions. Prints, per protocol,
 * the write transaction (document, paragraphs, ärenden, positions, people, search), the same bytes
 * again (nothing to do), a relink and a one-§ correction. It measures storage and linking only: the
 * parser's time is the parser's benchmark.
 * Usage: npx tsx scripts/bench/protocol-store.ts [--meetings 3]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { openDb, closeDb } from '../../db/client.js';
import { getDocument } from '../../db/documents.js';
import { correctDocument, storeDocument, relinkDocument } from '../../server/use-cases/documents.js';
import { SYSTEM_AUTHOR } from '../../db/revisions.js';
import { corpusDir } from '../lib/corpus.js';
import type { ExtractedMetadata, ProtocolParagraph, ProposalStance } from '../../server/ingest/types.js';

const argv = process.argv.slice(2);
const MEETINGS = argv.indexOf('--meetings') >= 0 ? Number(argv[argv.indexOf('--meetings') + 1]) : 3;
const file = path.join(corpusDir, 'goteborg-kf.jsonl.gz');
if (!fs.existsSync(file)) { console.error(`Korpusen saknas: ${file}`); process.exit(2); }

interface Row {
  id: string; meeting: string; body: string; date: string; arende_nr: string | null; rubrik: string | null; fulltext: string;
  parsed: { yrkanden: Array<{ namn: string; parti: string | null; typ: string }>; reservationer: string[]; votering: { ja: number; nej: number; avstår?: number } | null };
}

const byMeeting = new Map<string, Row[]>();
for await (const line of readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()) })) {
  const r = JSON.parse(line) as Row;
  byMeeting.set(r.meeting, [...(byMeeting.get(r.meeting) ?? []), r]);
}
const largest = [...byMeeting.values()].sort((a, b) => b.length - a.length).slice(0, MEETINGS);

function protocol(rows: Row[]): { text: string; metadata: ExtractedMetadata } {
  let text = `Göteborgs Stad\n${rows[0]!.body}\n\nSammanträdesdatum: ${rows[0]!.date}\n\n`;
  const paragraphs: ProtocolParagraph[] = [];
  for (const r of rows.sort((a, b) => a.id.localeCompare(b.id, 'sv', { numeric: true }))) {
    const start = text.length;
    text += `${r.fulltext.trim()}\n\n\f\n\n`;
    const number = /^§\s*\d+/.exec(r.fulltext)?.[0] ?? r.id.split('-').pop()!;
    paragraphs.push({
      number, title: r.rubrik, diarienummer: r.arende_nr, decision: null,
      // The baseline parse: one name (often several merged) and party per yrkande, its sentence not kept.
      proposals: r.parsed.yrkanden.map((y) => ({ name: y.namn, party: y.parti, stance: (/avslag/.test(y.typ) ? 'avslag' : 'bifall') as ProposalStance, text: `${y.namn} (${y.parti ?? ''}) yrkar ${y.typ}` })),
      vote: r.parsed.votering && { ja: r.parsed.votering.ja, nej: r.parsed.votering.nej, avstar: r.parsed.votering.avstår ?? 0, members: [] },
      reservations: r.parsed.reservationer.map((t) => ({ parties: [...t.matchAll(/\(([A-ZÅÄÖ]{1,3})\)/g)].map((m) => m[1]!), names: [], text: t.replace(/\s+/g, ' ') })),
      notes: [], handlingar: [], jav: [], start, end: text.length,
    });
  }
  return {
    text,
    metadata: {
      kind: 'protokoll', title: `Protokoll ${rows[0]!.body} ${rows[0]!.date}`, municipality: 'Göteborgs Stad', body: rows[0]!.body, date: rows[0]!.date,
      arende: { number: null, title: null, diarienummer: null }, parties: [], signatories: [], interpellants: [], addressee: null, questions: [], warnings: [], paragraphs,
    },
  };
}

const db = openDb(':memory:');
const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;
for (const rows of largest) {
  const { text, metadata } = protocol(rows);
  const bytes = Buffer.from(text);
  const doc = {
    sha256: createHash('sha256').update(bytes).digest('hex'), byteSize: bytes.length, mediaType: 'text/plain', filename: `${rows[0]!.meeting}.txt`,
    encoding: 'utf-8', bytes, text, textStatus: 'ok' as const, metadata, extractorVersion: 'bench', confidence: 1,
  };
  const positions = metadata.paragraphs!.reduce((n, p) => n + p.proposals.length + p.reservations.length, 0);
  let t0 = performance.now();
  const { id } = await storeDocument(db, doc);
  const write = ms(t0);
  t0 = performance.now();
  const again = await storeDocument(db, doc);
  const dedupe = ms(t0);
  t0 = performance.now();
  await relinkDocument(db, id);
  const relink = ms(t0);
  const m = (await getDocument(db, id))!.metadata;
  m.paragraphs![0]!.title = `${m.paragraphs![0]!.title ?? ''} (rättad)`;
  t0 = performance.now();
  await correctDocument(db, id, m, SYSTEM_AUTHOR);
  const correct = ms(t0);
  console.log(`${rows[0]!.meeting}: ${rows.length} §, ${(text.length / 1000).toFixed(0)} k tecken, ${positions} ståndpunkter från baslinjen · lagras ${write} · samma fil igen ${dedupe} (${again.created ? 'lagrad igen!' : 'inget att göra'}) · omlänkning ${relink} · rättelse av en § ${correct}`);
}
closeDb(db);
