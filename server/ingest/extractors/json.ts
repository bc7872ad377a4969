/**
 * JSON exports of documents and meetings to text and structured metadata. Values under keys that hold
 * prose become paragraphs in document order (HTML through the HTML reader), headings first; known
 * metadata keys become structured metadata; keys themselves are never text. The Riksdag's
 * dokumentstatus JSON is read as its XML twin. Nesting is bounded before parsing and the walk is a loop.
 */
import { IngestError } from '../errors.js';
import { DOCUMENT_KINDS, type DocumentKind, type ExtractedText, type Signatory, type StructuredMetadata } from '../types.js';
import { partyFromAny } from '../../domain/parties.js';
import { canonicalMunicipality } from '../../domain/municipality.js';
import { htmlToText, MAX_NESTING, tooDeep } from './html.js';
import { riksdagHeading, riksdagStructured, type RiksdagRecord } from './riksdag.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** Keys whose strings are prose. */
const PROSE = new Set(['text', 'body', 'content', 'beskrivning', 'description', 'html', 'anforandetext', 'brodtext', 'ingress', 'sammanfattning', 'summary', 'fritext', 'protokolltext', 'innehall', 'innehåll']);
/** Keys whose strings are headings: read first in their object. */
const HEADING = new Set(['rubrik', 'title', 'titel', 'heading', 'subtitel', 'underrubrik', 'dok_titel', 'avsnittsrubrik', 'arendemening', 'ärendemening']);
/** Keys naming the one who speaks or writes an object's prose. */
const SPEAKER = new Set(['talare', 'namn', 'name', 'speaker', 'author', 'forfattare', 'författare']);
const PARTY = new Set(['parti', 'party', 'partibet', 'partier', 'parties']);
const TITLE = ['title', 'titel', 'dok_titel'];
const DATE = ['date', 'datum', 'dok_datum', 'sammantradesdatum', 'motesdatum', 'mötesdatum', 'publicerad'];
const BODY = ['organ', 'namnd', 'nämnd', 'body'];
/** "body" is prose as often as an organ: only a name that ends like an organ's counts. */
const isOrganValue = (key: string, v: Json) => typeof v === 'string' && (lower(key) === 'body' ? ORGAN_NAME.test(v.trim()) : v.trim().length > 1 && v.trim().length <= 80);
const MUNICIPALITY = ['kommun', 'municipality', 'region'];
const KIND = ['doktyp', 'dokumenttyp', 'kind', 'typ', 'type'];
/** Keys whose values are the document's people (objects with a name and a party). */
const PEOPLE = /^(?:authors?|forfattare|författare|undertecknare|signatories|signers|intressent(?:er)?|ledamoter|ledamöter)$/iu;

const RIKSDAG_KINDS: Record<string, DocumentKind> = { ip: 'interpellation', mot: 'motion', prot: 'protokoll', yttr: 'yttrande', bet: 'ovrigt' };

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const squash = (s: string) => s.replace(/\s+/gu, ' ').trim();
// Plain toLowerCase: keys are ASCII or Swedish letters, and the locale-aware version is many times slower.
const lower = (k: string) => k.toLowerCase();

/** A body value that names an organ ("Kommunstyrelsen") rather than holding prose. */
const ORGAN_NAME = /^[\p{L} -]{2,80}(?:nämnden|nämnd|fullmäktige|styrelsen|styrelse|utskottet|beredningen|rådet|delegationen)$/iu;

/** Refuses nesting deeper than MAX_NESTING in one linear pass, before JSON.parse builds anything. */
function checkDepth(source: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) { if (++depth > MAX_NESTING) throw tooDeep(); }
    else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Parses JSON; `null` when it is not JSON (the caller decides whether that is an error). */
export function parseJson(source: string): { value: Json } | { error: string } {
  checkDepth(source);
  try {
    return { value: JSON.parse(source.replace(/^\ufeff/u, '')) as Json };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

export function jsonBroken(detail: string): IngestError {
  return new IngestError('corrupt_document', `JSON-filen är trasig (${detail}). Kontrollera att det är hela filen, eller exportera den på nytt.`);
}

function isoDate(v: Json | undefined): string | null {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/u.exec(v.trim()) : null;
  return m && m[1] !== '0000' ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function kindOf(v: Json | undefined): DocumentKind | null {
  if (typeof v !== 'string') return null;
  const s = lower(squash(v));
  if (RIKSDAG_KINDS[s]) return RIKSDAG_KINDS[s]!;
  const id = s.replace(/ä/gu, 'a').replace(/ /gu, '_');
  return (DOCUMENT_KINDS as readonly string[]).includes(id) ? (id as DocumentKind) : null;
}

function partiesOf(v: Json | undefined): string[] {
  const list = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const x of list) {
    if (typeof x !== 'string') continue;
    for (const part of x.split(/\s*,\s*/u)) { const code = partyFromAny(part); if (code && !out.includes(code)) out.push(code); }
  }
  return out;
}

/** A string under a prose key as paragraphs: HTML through the HTML reader, text as it is. */
function proseOf(s: string): string {
  return /<(?:p|div|br|h[1-6]|ul|ol|li|table|span|b|i|em|strong)\b[^>]*>/iu.test(s) ? htmlToText(s) : s.replace(/\r\n?/gu, '\n').trim();
}

/**
 * The items a file holds: a list of documents or meetings, found by following single wrappers
 * ({"dokumentlista": {"dokument": [...]}}); the wrappers' scalar fields are the envelope.
 */
function itemsOf(root: Json): { items: Obj[]; envelope: Obj[] } {
  const envelope: Obj[] = [];
  let v: Json = root;
  for (let hops = 0; hops < MAX_NESTING; hops++) {
    if (Array.isArray(v)) return { items: v.filter(isObj), envelope };
    if (!isObj(v)) return { items: [], envelope };
    const keys = Object.keys(v);
    if (keys.some((k) => PROSE.has(lower(k)) || HEADING.has(lower(k)))) return { items: [v], envelope };
    const o: Obj = v;
    const lists = keys.filter((k) => { const x = o[k]; return Array.isArray(x) && x.some(isObj); });
    const objects = keys.filter((k) => isObj(o[k]));
    if (lists.length === 1 && objects.length === 0) { envelope.push(o); v = o[lists[0]!]!; continue; }
    if (lists.length === 0 && objects.length === 1) { envelope.push(o); v = o[objects[0]!]!; continue; }
    return { items: [v], envelope };
  }
  return { items: [], envelope };
}

/** The first value under any of these keys, breadth-first from the object (its own fields before its children's). */
function firstUnder(o: Obj, keys: string[], accept: (v: Json, key: string) => boolean): { key: string; value: Json } | null {
  const queue: Obj[] = [o];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    const cur = queue[i]!;
    for (const [k, v] of Object.entries(cur)) if (keys.includes(lower(k)) && accept(v, k)) return { key: k, value: v };
    for (const v of Object.values(cur)) {
      if (isObj(v)) queue.push(v);
      else if (Array.isArray(v)) for (const x of v) if (isObj(x)) queue.push(x);
    }
  }
  return null;
}

/** Paragraphs of one item, in document order, by an explicit stack (no recursion). */
function paragraphsOf(item: Obj, out: string[]): void {
  const stack: Json[] = [item];
  while (stack.length) {
    const v = stack.pop()!;
    if (Array.isArray(v)) { for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]!); continue; }
    if (!isObj(v)) continue;
    const entries = Object.entries(v);
    const strings = (set: Set<string>) => entries.filter(([k, x]) => set.has(lower(k)) && (typeof x === 'string' || (Array.isArray(x) && x.every((y) => typeof y === 'string'))));
    const prose = strings(PROSE).filter(([k, x]) => !(lower(k) === 'body' && typeof x === 'string' && ORGAN_NAME.test(x.trim())));
    for (const [, x] of strings(HEADING)) for (const s of [x].flat() as string[]) if (squash(s)) out.push(squash(s));
    if (prose.length) {
      const who = entries.find(([k, x]) => SPEAKER.has(lower(k)) && typeof x === 'string' && squash(x));
      const party = entries.find(([k, x]) => PARTY.has(lower(k)) && typeof x === 'string' && squash(x));
      if (who) out.push(`${squash(who[1] as string)}${party ? ` (${squash(party[1] as string)})` : ''}:`);
    }
    for (const [, x] of prose) for (const s of [x].flat() as string[]) { const p = proseOf(s); if (p) out.push(p); }
    // Nested objects and lists next, in key order.
    for (let i = entries.length - 1; i >= 0; i--) { const x = entries[i]![1]; if (typeof x === 'object' && x !== null) stack.push(x); }
  }
}

interface Found { values: StructuredMetadata['values']; from: StructuredMetadata['from'] }

/** Metadata one object states. */
function metadataOf(o: Obj, withPeople: boolean): Found {
  const values: StructuredMetadata['values'] = {};
  const from: StructuredMetadata['from'] = {};
  const title = firstUnder(o, TITLE, (v) => typeof v === 'string' && squash(v) !== '');
  if (title) { values.title = squash(title.value as string).slice(0, 300); from.title = title.key; }
  const date = firstUnder(o, DATE, (v) => isoDate(v) !== null);
  if (date) { values.date = isoDate(date.value)!; from.date = date.key; }
  const kind = firstUnder(o, KIND, (v) => kindOf(v) !== null);
  if (kind) { values.kind = kindOf(kind.value)!; from.kind = kind.key; }
  const body = firstUnder(o, BODY, (v, k) => isOrganValue(k, v));
  if (body) { values.body = squash(body.value as string); from.body = body.key; }
  const mun = firstUnder(o, MUNICIPALITY, (v) => typeof v === 'string' && v.trim().length > 1 && v.trim().length <= 60);
  if (mun) { values.municipality = canonicalMunicipality(mun.value as string); from.municipality = mun.key; }
  const parties: string[] = [];
  const add = (codes: string[]) => { for (const c of codes) if (!parties.includes(c)) parties.push(c); };
  for (const [k, v] of Object.entries(o)) if (PARTY.has(lower(k))) add(partiesOf(v));
  if (withPeople) {
    const signatories: Signatory[] = [];
    let peopleKey = '';
    for (const [k, v] of Object.entries(o)) {
      if (!PEOPLE.test(k) || !Array.isArray(v)) continue;
      for (const p of v) {
        if (!isObj(p)) continue;
        const name = Object.entries(p).find(([pk, pv]) => SPEAKER.has(lower(pk)) && typeof pv === 'string' && squash(pv));
        if (!name) continue;
        const party = Object.entries(p).find(([pk]) => PARTY.has(lower(pk)));
        const role = Object.entries(p).find(([pk, pv]) => ['roll', 'role'].includes(lower(pk)) && typeof pv === 'string');
        signatories.push({ name: squash(name[1] as string), party: party ? partiesOf(party[1])[0] ?? null : null, role: role ? squash(role[1] as string) || null : null });
      }
      peopleKey = k;
    }
    if (signatories.length) {
      values.signatories = signatories;
      from.signatories = peopleKey;
      add(signatories.map((s) => s.party).filter((p): p is string => p !== null));
    }
  }
  if (parties.length) { values.parties = parties; from.parties = [...Object.keys(o).filter((k) => PARTY.has(lower(k))), from.signatories].filter(Boolean).join(', '); }
  return { values, from };
}

/** A Riksdag dokumentstatus in JSON: {"dokumentstatus": {"dokument": {...}, "dokintressent": {"intressent": [...]}}}. */
function riksdagRecordOf(root: Json): { record: RiksdagRecord; html: string | null; text: string | null } | null {
  const status = isObj(root) && isObj(root.dokumentstatus) ? root.dokumentstatus : null;
  const dok = status && isObj(status.dokument) ? status.dokument : null;
  if (!status || !dok || !('doktyp' in dok || 'typ' in dok || 'dok_id' in dok)) return null;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(dok)) if (typeof v === 'string' && k !== 'html' && k !== 'text') fields[lower(k)] = squash(v);
  const list = (wrapper: Json | undefined, key: string): Obj[] => {
    const inner = isObj(wrapper) ? wrapper[key] : undefined;
    return Array.isArray(inner) ? inner.filter(isObj) : isObj(inner) ? [inner] : [];
  };
  const str = (o: Obj, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
  return {
    record: {
      fields,
      intressenter: list(status.dokintressent, 'intressent').map((p) => ({ namn: str(p, 'namn'), partibet: str(p, 'partibet'), roll: str(p, 'roll') })),
      uppgifter: list(status.dokuppgift, 'uppgift').map((u) => ({ kod: str(u, 'kod'), text: str(u, 'text') })),
    },
    html: typeof dok.html === 'string' ? dok.html : null,
    text: typeof dok.text === 'string' ? dok.text : null,
  };
}

export function extractJson(value: Json): ExtractedText {
  const warnings: string[] = [];
  const riksdag = riksdagRecordOf(value);
  if (riksdag) {
    const body = riksdag.html !== null ? htmlToText(riksdag.html) : (riksdag.text ?? '').replace(/\r\n?/gu, '\n');
    const heading = riksdagHeading(riksdag.record);
    const titel = riksdag.record.fields.titel ?? '';
    const text = heading && !(titel && body.slice(0, 1000).includes(titel)) ? `${heading}\n\n${body}` : body;
    return { text: text.trim(), pages: null, needsOcr: false, structured: riksdagStructured(riksdag.record, 'Riksdagens dokument-JSON'), warnings };
  }
  const { items, envelope } = itemsOf(value);
  const out: string[] = [];
  for (const item of items) paragraphsOf(item, out);
  // The envelope's own fields (a meeting's date and body around its items), outermost first.
  const found: Found = { values: {}, from: {} };
  const merge = (f: Found) => { Object.assign(found.values, f.values); Object.assign(found.from, f.from); };
  for (const e of envelope) {
    const scalars: Obj = Object.fromEntries(Object.entries(e).filter(([, v]) => typeof v !== 'object' || v === null));
    merge(metadataOf(scalars, false));
  }
  if (items.length === 1) merge(metadataOf(items[0]!, true));
  else if (items.length > 1) {
    warnings.push(`Filen innehöll ${items.length} poster (dokument eller sammanträden); de lästes som en text i ordning.`);
    // What every item agrees on is the file's; what differs belongs to one item and says nothing of the whole.
    const each = items.map((i) => metadataOf(i, false));
    // A list of documents or meetings is itself no document of one kind (issue 19: lists are "övrigt").
    found.values.kind = 'ovrigt';
    found.from.kind = `${items.length} poster i filen`;
    const first = each[0]!;
    for (const key of Object.keys(first.from) as Array<keyof Found['from']>) {
      const vk = (key === 'arende.title' ? 'arendeTitle' : key) as keyof Found['values'];
      const json = JSON.stringify(first.values[vk]);
      if (each.every((f) => JSON.stringify(f.values[vk]) === json)) {
        (found.values as Record<string, unknown>)[vk] = first.values[vk];
        found.from[key] = `${first.from[key]} (alla poster)`;
      }
    }
  }
  const structured = Object.keys(found.from).length ? { ...found, format: 'JSON-export' } : undefined;
  return { text: out.join('\n\n'), pages: null, needsOcr: false, structured, warnings };
}
