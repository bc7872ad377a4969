/**
 * Scores parsed protocol paragraphs against hand-labelled ones (fixtures/protocols/NAME.expected.json), field by
 * field, as checks with stable keys: the score script prints shares, the fixture test ratchets the keys.
 * A field missing from an expected paragraph is not labelled and not scored; null or [] is labelled and scored.
 * List fields count every expected item and every extra item found (a false positive is a miss too).
 */
import fs from 'node:fs';
import path from 'node:path';
import { normaliseDocument } from '../../server/ingest/stages/normalise.js';
import { parseProtocol } from '../../server/ingest/stages/protocol/index.js';
import type { ProtocolParagraph } from '../../server/ingest/types.js';

export const SCORED_FIELDS = [
  'paragraphs', 'title', 'diarienummer', 'decision', 'proposals.name', 'proposals.party', 'proposals.stance',
  'vote.counts', 'vote.members', 'reservations.parties', 'reservations.names', 'notes', 'handlingar', 'jav',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export interface Check {
  field: ScoredField;
  /** Stable: fixture, paragraph number, field and the item. */
  key: string;
  ok: boolean;
}

type Expected = Partial<ProtocolParagraph> & { number: string };

export function fixtureNames(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.expected.json')).map((n) => n.replace(/\.expected\.json$/u, '')).sort();
}

export function readExpected(dir: string, name: string): Expected[] {
  return (JSON.parse(fs.readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as { paragraphs: Expected[] }).paragraphs;
}

/** The parser's paragraphs for a fixture, read as the pipeline reads it (normalised first). */
export function parseFixture(dir: string, name: string): ProtocolParagraph[] {
  const raw = fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8');
  return parseProtocol(normaliseDocument(raw).text, { body: null, date: null }).paragraphs;
}

const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/gu, ' ').replace(/[.:;,\s]+$/u, '').trim();
const low = (s: string | null | undefined): string => norm(s).toLocaleLowerCase('sv');
const same = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

/** Greedy one-to-one pairing of expected and found items; returns pairs and the found items left over. */
function pair<E, F>(expected: E[], found: F[], match: (e: E, f: F) => boolean): { pairs: Array<[E, F | null]>; extra: F[] } {
  const used = new Set<number>();
  const pairs: Array<[E, F | null]> = expected.map((e) => {
    const i = found.findIndex((f, k) => !used.has(k) && match(e, f));
    if (i < 0) return [e, null];
    used.add(i);
    return [e, found[i]!];
  });
  return { pairs, extra: found.filter((_, k) => !used.has(k)) };
}

/** Which fields to score: all, or only those the baseline's source states. */
export function scoreParagraphs(fixture: string, expected: Expected[], found: ProtocolParagraph[], only?: ScoredField[]): Check[] {
  const checks: Check[] = [];
  const push = (field: ScoredField, item: string, ok: boolean) => {
    if (!only || only.includes(field)) checks.push({ field, key: `${fixture}|${item}|${field}`, ok });
  };
  const { pairs, extra } = pair(expected, found, (e, f) => e.number === f.number);
  for (const p of extra) push('paragraphs', `extra ${p.number}`, false);
  for (const [e, f] of pairs) {
    const at = e.number || '(utan nummer)';
    push('paragraphs', at, f !== null);
    const got: Partial<ProtocolParagraph> = f ?? {};
    if ('title' in e) push('title', at, norm(e.title) === norm(got.title));
    if ('diarienummer' in e) push('diarienummer', at, norm(e.diarienummer) === norm(got.diarienummer));
    if ('decision' in e) push('decision', at, norm(e.decision).slice(0, 80) === norm(got.decision).slice(0, 80));
    if (e.proposals) {
      const r = pair(e.proposals, got.proposals ?? [], (x, y) => (x.name ? low(x.name) === low(y.name) : y.name === null && x.party === y.party));
      r.pairs.forEach(([x, y], i) => {
        const id = `${at} ${x.name ?? x.party} #${i}`;
        push('proposals.name', id, y !== null);
        push('proposals.party', id, y !== null && x.party === y.party);
        push('proposals.stance', id, y !== null && x.stance === y.stance);
      });
      for (const y of r.extra) push('proposals.name', `${at} extra ${y.name ?? y.party}`, false);
    }
    if ('vote' in e) {
      const ev = e.vote ?? null;
      const fv = got.vote ?? null;
      push('vote.counts', at, ev === null ? fv === null : fv !== null && ev.ja === fv.ja && ev.nej === fv.nej && ev.avstar === fv.avstar);
      const r = pair(ev?.members ?? [], fv?.members ?? [], (x, y) => low(x.name) === low(y.name));
      for (const [x, y] of r.pairs) push('vote.members', `${at} ${x.name}`, y !== null && y.vote === x.vote && y.party === x.party);
      for (const y of r.extra) push('vote.members', `${at} extra ${y.name}`, false);
    }
    if (e.reservations) {
      const r = pair(e.reservations, got.reservations ?? [], (x, y) => same(x.parties, y.parties));
      r.pairs.forEach(([x], i) => push('reservations.parties', `${at} ${x.parties.join(',') || '-'} #${i}`, r.pairs[i]![1] !== null));
      for (const y of r.extra) push('reservations.parties', `${at} extra ${y.parties.join(',') || '-'}`, false);
      const n = pair(e.reservations, got.reservations ?? [], (x, y) => same(x.names.map(low), y.names.map(low)));
      n.pairs.forEach(([x], i) => push('reservations.names', `${at} ${x.names.join(',') || '-'} #${i}`, n.pairs[i]![1] !== null));
      for (const y of n.extra) push('reservations.names', `${at} extra ${y.names.join(',') || '-'}`, false);
    }
    if (e.notes) {
      const r = pair(e.notes, got.notes ?? [], (x, y) => x.kind === y.kind && same(x.parties, y.parties));
      r.pairs.forEach(([x, y], i) => push('notes', `${at} ${x.kind} ${x.parties.join(',')} #${i}`, y !== null));
      for (const y of r.extra) push('notes', `${at} extra ${y.kind} ${y.parties.join(',')}`, false);
    }
    if (e.handlingar) {
      const r = pair(e.handlingar, got.handlingar ?? [], (x, y) => low(x) === low(y));
      for (const [x, y] of r.pairs) push('handlingar', `${at} ${x.slice(0, 50)}`, y !== null);
      for (const y of r.extra) push('handlingar', `${at} extra ${y.slice(0, 50)}`, false);
    }
    if (e.jav) {
      const r = pair(e.jav, got.jav ?? [], (x, y) => low(x.name) === low(y.name));
      for (const [x, y] of r.pairs) push('jav', `${at} ${x.name}`, y !== null && y.party === x.party);
      for (const y of r.extra) push('jav', `${at} extra ${y.name}`, false);
    }
  }
  return checks;
}

export function scoreFixture(dir: string, name: string): Check[] {
  return scoreParagraphs(name, readExpected(dir, name), parseFixture(dir, name));
}

/** Shares per field: "12/15 (80 %)". */
export function tally(checks: Check[]): Map<ScoredField, { ok: number; total: number }> {
  const out = new Map<ScoredField, { ok: number; total: number }>();
  for (const f of SCORED_FIELDS) out.set(f, { ok: 0, total: 0 });
  for (const c of checks) {
    const t = out.get(c.field)!;
    t.total++;
    if (c.ok) t.ok++;
  }
  return out;
}

export function share(t: { ok: number; total: number }): string {
  return t.total === 0 ? '–' : `${t.ok}/${t.total} (${Math.round((100 * t.ok) / t.total)} %)`;
}
