/**
 * Read models for browsing: a person's record, a party's output, an ärende's timeline, and the
 * counts the home page shows. Withdrawn documents never appear.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { membershipsOf, type MembershipRow } from './memberships.js';
import { cached } from './read-cache.js';
import * as q from './sql.js';

export type PersonRole = 'signatory' | 'interpellant' | 'answerer' | 'addressee';
/** When a person has several roles in one document, the one that says most about them. */
const ROLE_ORDER: PersonRole[] = ['answerer', 'interpellant', 'signatory', 'addressee'];

export interface PersonDocument {
  id: number;
  kind: string;
  title: string;
  date: string | null;
  role: PersonRole;
  roles: PersonRole[];
  /** The party the person acted for in this document. */
  party: string | null;
  municipality: string | null;
}

export interface PersonRecord {
  id: number;
  name: string;
  slug: string;
  scope: string;
  memberships: MembershipRow[];
  documents: PersonDocument[];
  possiblySame: Array<{ name: string; slug: string; scope: string; reason: string }>;
}

/** Looks a slug up; a merged person answers with the survivor's slug so the caller can redirect. */
export async function findPersonBySlug(db: Db, slug: string): Promise<{ id: number; mergedIntoSlug: string | null } | undefined> {
  const row = await q.row<{ id: number; merged: number | null } | undefined>(db, sql`SELECT id, merged_into_id AS merged FROM people WHERE slug = ${slug}`);
  if (!row) return undefined;
  if (row.merged === null) return { id: row.id, mergedIntoSlug: null };
  let id = row.merged;
  for (let i = 0; i < 20; i++) {
    const next = await q.row<{ merged: number | null } | undefined>(db, sql`SELECT merged_into_id AS merged FROM people WHERE id = ${id}`);
    if (!next || next.merged === null) break;
    id = next.merged;
  }
  const s = await q.row<{ slug: string }>(db, sql`SELECT slug FROM people WHERE id = ${id}`);
  return { id: row.id, mergedIntoSlug: s?.slug ?? null };
}

/** Everything a person did, newest first, with their party over time. */
export async function personRecord(db: Db, personId: number): Promise<PersonRecord | undefined> {
  const p = await q.row<{ id: number; name: string; slug: string; scope: string } | undefined>(db, sql`SELECT id, name, slug, scope FROM people WHERE id = ${personId}`);
  if (!p) return undefined;
  const rows = await q.rows<{ id: number; kind: string; title: string; date: string | null; municipality: string | null; role: string; party: string | null }>(db, sql`
    SELECT d.id, d.kind, d.title, d.date, d.municipality, a.role, a.party_code AS party
    FROM document_authors a JOIN documents d ON d.id = a.document_id AND d.withdrawn_at IS NULL
    WHERE a.person_id = ${personId} AND a.role IN ('signatory', 'interpellant', 'answerer', 'addressee')
    ORDER BY d.date IS NULL, d.date DESC, d.id DESC`);
  const byDoc = new Map<number, PersonDocument>();
  for (const r of rows) {
    const role = r.role as PersonRole;
    const doc = byDoc.get(r.id);
    if (!doc) {
      byDoc.set(r.id, { id: r.id, kind: r.kind, title: r.title, date: r.date, municipality: r.municipality, role, roles: [role], party: r.party });
    } else if (!doc.roles.includes(role)) {
      doc.roles.push(role);
      doc.roles.sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
      doc.role = doc.roles[0]!;
      doc.party ??= r.party;
    }
  }
  const possiblySame = await q.rows<{ name: string; slug: string; scope: string; reason: string }>(db, sql`
    SELECT o.name, o.slug, o.scope, c.reason FROM person_candidates c
    JOIN people o ON o.id = CASE WHEN c.person_id = ${personId} THEN c.other_id ELSE c.person_id END
    WHERE (c.person_id = ${personId} OR c.other_id = ${personId}) AND o.merged_into_id IS NULL
    ORDER BY ${q.bytewise(db, sql`o.name`)}`);
  return { ...p, memberships: await membershipsOf(db, personId), documents: [...byDoc.values()], possiblySame };
}

const collator = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });

/** Sorts by a string key with Swedish collation (Å, Ä, Ö after Z). */
export function sortSwedish<T>(items: T[], key: (t: T) => string): T[] {
  return items.sort((a, b) => collator.compare(key(a), key(b)));
}

export interface PersonListItem { name: string; slug: string; scope: string; parties: string; documents: number }

/** People, optionally in one scope or party, in Swedish alphabetical order by surname then given name. */
export async function listPeople(db: Db, f: { scope?: string; party?: string; limit: number; offset: number }): Promise<{ total: number; items: PersonListItem[] }> {
  const live = await cached(db, `people:${f.scope ?? ''}|${f.party ?? ''}`, () => sortedPeople(db, f));
  return { total: live.length, items: live.slice(f.offset, f.offset + f.limit) };
}

async function sortedPeople(db: Db, f: { scope?: string; party?: string }): Promise<PersonListItem[]> {
  const rows = await q.rows<PersonListItem>(db, sql`
    SELECT p.name, p.slug, p.scope,
      coalesce((SELECT ${q.distinctList(db, sql`m.party_code`)} FROM memberships m WHERE m.person_id = p.id AND m.group_body IS NULL), '') AS parties,
      (SELECT count(*) FROM (SELECT a.document_id FROM document_authors a WHERE a.person_id = p.id
        UNION SELECT x.document_id FROM protocol_positions x WHERE x.person_id = p.id) AS u) AS documents
    FROM people p
    WHERE p.merged_into_id IS NULL
      ${f.scope ? sql`AND p.scope = ${f.scope}` : sql``}
      ${f.party ? sql`AND EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id AND m.party_code = ${f.party})` : sql``}`);
  const live = rows.filter((r) => r.documents > 0);
  const surnameFirst = (n: string) => { const t = n.split(' '); return `${t[t.length - 1]} ${t.slice(0, -1).join(' ')}`; };
  return sortSwedish(live, (r) => surnameFirst(r.name));
}

/** Distinct scopes people act in, for the people filter. */
export async function personScopes(db: Db): Promise<string[]> {
  return sortSwedish((await q.rows<{ scope: string }>(db, sql`SELECT DISTINCT scope FROM people WHERE scope <> ''`)).map((r) => r.scope), (s) => s);
}

export interface PartyOverview {
  code: string;
  name: string;
  documentCount: number;
  byKind: Record<string, number>;
  byYear: Record<string, number>;
  byKindAndYear: Array<{ kind: string; year: string; count: number }>;
  people: Array<{ name: string; slug: string; scope: string; documents: number; from: string | null; to: string | null }>;
}

/** A party's documents by kind and year, and its people. */
export async function partyOverview(db: Db, code: string): Promise<PartyOverview | undefined> {
  const party = await q.row<{ code: string; name: string } | undefined>(db, sql`SELECT code, name FROM parties WHERE code = ${code}`);
  if (!party) return undefined;
  const cells = await q.rows<{ kind: string; year: string | null; n: number }>(db, sql`
    SELECT f.kind, substr(f.date, 1, 4) AS year, count(*) AS n
    FROM document_parties dp JOIN search_facets f ON f.document_id = dp.document_id
    WHERE dp.party_code = ${code} GROUP BY f.kind, year`);
  const byKind: Record<string, number> = {};
  const byYear: Record<string, number> = {};
  let documentCount = 0;
  for (const c of cells) {
    const year = c.year ?? 'okänt';
    byKind[c.kind] = (byKind[c.kind] ?? 0) + c.n;
    byYear[year] = (byYear[year] ?? 0) + c.n;
    documentCount += c.n;
  }
  const people = await q.rows<{ name: string; slug: string; scope: string; documents: number; from: string | null; to: string | null }>(db, sql`
    SELECT p.name, p.slug, p.scope, m.document_count AS documents, m.from_date AS "from", m.to_date AS "to"
    FROM memberships m JOIN people p ON p.id = m.person_id AND p.merged_into_id IS NULL
    WHERE m.party_code = ${code} AND m.group_body IS NULL`);
  return {
    ...party, documentCount, byKind, byYear,
    byKindAndYear: cells.map((c) => ({ kind: c.kind, year: c.year ?? 'okänt', count: c.n })).sort((a, b) => b.year.localeCompare(a.year) || a.kind.localeCompare(b.kind)),
    people: sortSwedish(people, (p) => p.name),
  };
}

/** Parties that have documents, with counts, in Swedish order of their names. */
export async function listParties(db: Db): Promise<Array<{ code: string; name: string; documents: number }>> {
  return sortSwedish(await q.rows<{ code: string; name: string; documents: number }>(db, sql`
    SELECT p.code, p.name, count(f.document_id) AS documents FROM parties p
    JOIN document_parties dp ON dp.party_code = p.code JOIN search_facets f ON f.document_id = dp.document_id
    GROUP BY p.code, p.name HAVING count(f.document_id) > 0`), (p) => p.name);
}

export interface TimelineDocument {
  id: number;
  kind: string;
  title: string;
  date: string | null;
  body: string | null;
  rule: string;
  parties: string[];
  signatories: Array<{ name: string; slug: string | null; party: string | null; role: string }>;
  /** For a protocol: its paragraphs on this ärende (a protocol treats many matters, one § each). */
  paragraphs: Array<{ number: string; title: string | null; anchor: string }>;
  /** For a written reservation or note: the protocol paragraph it belongs to. */
  inParagraph: { documentId: number; number: string; anchor: string } | null;
}

export interface ArendeRecord {
  id: number;
  municipality: string | null;
  body: string | null;
  number: string | null;
  title: string | null;
  diarienummer: string | null;
  documents: TimelineDocument[];
}

/** Order within a day: how a matter moves from proposal to decision. */
export const TIMELINE_ORDER = [
  'motion', 'interpellation', 'yttrande', 'interpellationssvar', 'yrkande', 'protokoll', 'protokollsanteckning', 'reservation', 'sarskilt_yttrande', 'ovrigt',
];

/** The matter and its documents in reading order: by date, then by step. */
export async function arendeRecord(db: Db, id: number): Promise<ArendeRecord | undefined> {
  const a = await q.row<Omit<ArendeRecord, 'documents'> | undefined>(db, sql`
    SELECT id, municipality, body, number, title, diarienummer FROM arenden WHERE id = ${id}`);
  if (!a) return undefined;
  const docs = await q.rows<{ id: number; kind: string; title: string; date: string | null; body: string | null; rule: string }>(db, sql`
    SELECT d.id, d.kind, d.title, d.date, d.body, da.rule FROM document_arenden da
    JOIN documents d ON d.id = da.document_id AND d.withdrawn_at IS NULL WHERE da.arende_id = ${id}`);
  const ids = docs.map((d) => d.id);
  const parties = new Map<number, string[]>();
  const signers = new Map<number, TimelineDocument['signatories']>();
  if (ids.length) {
    // One value rather than a variable per id: an ärende's documents are not bounded.
    for (const r of await q.rows<{ document_id: number; party_code: string }>(db, sql`
      SELECT document_id, party_code FROM document_parties WHERE ${q.inIds(db, sql`document_id`, ids)} ORDER BY document_id, position`)) {
      parties.set(r.document_id, [...(parties.get(r.document_id) ?? []), r.party_code]);
    }
    for (const r of await q.rows<{ document_id: number; name: string | null; slug: string | null; party: string | null; role: string }>(db, sql`
      SELECT a.document_id, coalesce(p.name, a.name_as_written) AS name, p.slug, a.party_code AS party, a.role
      FROM document_authors a LEFT JOIN people p ON p.id = a.person_id
      WHERE ${q.inIds(db, sql`a.document_id`, ids)} AND a.role IN ('signatory', 'interpellant', 'answerer')
      ORDER BY a.document_id, a.position`)) {
      if (r.name) signers.set(r.document_id, [...(signers.get(r.document_id) ?? []), { name: r.name, slug: r.slug, party: r.party, role: r.role }]);
    }
  }
  const paragraphs = new Map<number, TimelineDocument['paragraphs']>();
  const inParagraph = new Map<number, NonNullable<TimelineDocument['inParagraph']>>();
  if (ids.length) {
    for (const r of await q.rows<{ document_id: number; number: string; title: string | null; anchor: string }>(db, sql`
      SELECT document_id, number, title, anchor FROM protocol_paragraphs
      WHERE arende_id = ${id} AND ${q.inIds(db, sql`document_id`, ids)} ORDER BY document_id, ordinal`)) {
      paragraphs.set(r.document_id, [...(paragraphs.get(r.document_id) ?? []), { number: r.number, title: r.title, anchor: r.anchor }]);
    }
    for (const r of await q.rows<{ from_id: number; document_id: number; number: string; anchor: string }>(db, sql`
      SELECT l.from_document_id AS from_id, p.document_id, p.number, p.anchor FROM document_links l
      JOIN protocol_paragraphs p ON p.id = l.to_paragraph_id JOIN documents d ON d.id = p.document_id AND d.withdrawn_at IS NULL
      WHERE l.relation = 'in_paragraph' AND ${q.inIds(db, sql`l.from_document_id`, ids)}`)) {
      inParagraph.set(r.from_id, { documentId: r.document_id, number: r.number, anchor: r.anchor });
    }
  }
  const rank = (k: string) => { const i = TIMELINE_ORDER.indexOf(k); return i < 0 ? TIMELINE_ORDER.length : i; };
  const all = docs.map((d) => ({
    ...d, parties: parties.get(d.id) ?? [], signatories: signers.get(d.id) ?? [],
    paragraphs: paragraphs.get(d.id) ?? [], inParagraph: inParagraph.get(d.id) ?? null,
  }));
  const documents = all.filter((d) => d.date !== null)
    .sort((x, y) => (x.date! < y.date! ? -1 : x.date! > y.date! ? 1 : 0) || rank(x.kind) - rank(y.kind) || x.id - y.id);
  // An undated document goes where its kind belongs: before the first dated step of a later kind.
  for (const d of all.filter((x) => x.date === null).sort((x, y) => rank(x.kind) - rank(y.kind) || x.id - y.id)) {
    const at = documents.findIndex((x) => x.date !== null && rank(x.kind) > rank(d.kind));
    documents.splice(at < 0 ? documents.length : at, 0, d);
  }
  return { ...a, documents };
}

/** Ärenden, latest activity first, with filters. */
export async function listArenden(db: Db, f: { municipality?: string; year?: string; limit: number; offset: number }) {
  const where = sql`WHERE d.withdrawn_at IS NULL
    ${f.municipality ? sql`AND a.municipality = ${f.municipality}` : sql``}
    ${f.year ? sql`AND substr(d.date, 1, 4) = ${f.year}` : sql``}`;
  const total = (await q.row<{ n: number }>(db, sql`SELECT count(DISTINCT a.id) AS n FROM arenden a
    JOIN document_arenden da ON da.arende_id = a.id JOIN documents d ON d.id = da.document_id ${where}`))?.n ?? 0;
  const items = await q.rows<{ id: number; title: string | null; diarienummer: string | null; municipality: string | null; documents: number; latest: string | null }>(db, sql`
    SELECT a.id, a.title, a.diarienummer, a.municipality, count(d.id) AS documents, max(d.date) AS latest
    FROM arenden a JOIN document_arenden da ON da.arende_id = a.id JOIN documents d ON d.id = da.document_id
    ${where} GROUP BY a.id ORDER BY max(d.date) IS NULL, max(d.date) DESC, a.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`);
  return { total, items };
}

/** The ärenden a document belongs to, with the rule that linked it. */
export async function arendenOf(db: Db, documentId: number) {
  return await q.rows<{ id: number; title: string | null; diarienummer: string | null; rule: string; documents: number }>(db, sql`
    SELECT a.id, a.title, a.diarienummer, da.rule,
      (SELECT count(*) FROM document_arenden x JOIN documents d ON d.id = x.document_id AND d.withdrawn_at IS NULL WHERE x.arende_id = a.id) AS documents
    FROM document_arenden da JOIN arenden a ON a.id = da.arende_id WHERE da.document_id = ${documentId}`);
}

/** People named in a document, with their slugs, in document order. */
export async function peopleOf(db: Db, documentId: number) {
  return await q.rows<{ name: string; slug: string; role: string; party: string | null }>(db, sql`
    SELECT p.name, p.slug, a.role, a.party_code AS party FROM document_authors a JOIN people p ON p.id = a.person_id
    WHERE a.document_id = ${documentId} ORDER BY a.position`);
}

/**
 * Counts for the home page: by kind, municipalities and bodies. Read from the narrow search_facets
 * rows (one per live document) rather than the wide documents rows that carry the text.
 */
export async function homeCounts(db: Db) {
  return {
    byKind: await q.rows<{ kind: string; n: number }>(db, sql`SELECT kind, count(*) AS n FROM search_facets GROUP BY kind ORDER BY n DESC, ${q.bytewise(db, sql`kind`)}`),
    municipalities: sortSwedish(await q.rows<{ name: string; n: number }>(db, sql`SELECT municipality AS name, count(*) AS n FROM search_facets WHERE municipality IS NOT NULL GROUP BY municipality`), (r) => r.name),
    bodies: sortSwedish(await q.rows<{ name: string; n: number }>(db, sql`SELECT body AS name, count(*) AS n FROM search_facets WHERE body IS NOT NULL GROUP BY body`), (r) => r.name),
    people: (await q.row<{ n: number }>(db, sql`SELECT count(*) AS n FROM people WHERE merged_into_id IS NULL`))?.n ?? 0,
    arenden: (await q.row<{ n: number }>(db, sql`SELECT count(*) AS n FROM arenden`))?.n ?? 0,
  };
}
