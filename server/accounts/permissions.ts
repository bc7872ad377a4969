/**
 * Who may write what. Pure rules over an account and a document's metadata, so every route (form,
 * API, correction, curation) asks the same question and gets the same reason back.
 */
import { partyName } from '../domain/parties.js';
import { municipalityKey } from '../domain/municipality.js';
import { parsePersonName } from '../linking/person-names.js';
import type { ExtractedMetadata } from '../ingest/types.js';

export type Role = 'admin' | 'secretary';

export interface Account {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** The secretary's municipality; null for administrators. */
  municipality: string | null;
  /** Party codes the secretary writes for. */
  parties: string[];
  mustChangePassword: boolean;
}

export type Decision = { ok: true } | { ok: false; reason: string };

const OK: Decision = { ok: true };

/** "Huddinge kommun", "huddinge", "Göteborgs Stad" and "Göteborg" compare equal (the extractor's own rule). */
export { municipalityKey };

function partyList(codes: string[]): string {
  return codes.map((c) => `${partyName(c)} (${c})`).join(', ');
}

/** The scope sentence used in every refusal: "S i Huddinge kommun". */
export function scopeLabel(a: Account): string {
  return a.role === 'admin' ? 'alla partier' : `${a.parties.join(', ')} i ${a.municipality ?? 'okänd kommun'}`;
}

/** May this account store (or leave after a correction) a document with these parties and municipality? */
export function mayStore(a: Account, doc: { parties: string[]; municipality: string | null }): Decision {
  if (a.role === 'admin') return OK;
  const scope = `Du får bara spara dokument för ${scopeLabel(a)}.`;
  if (!doc.municipality) return { ok: false, reason: `${scope} Dokumentet anger ingen kommun; fyll i kommunen.` };
  if (!a.municipality || municipalityKey(doc.municipality) !== municipalityKey(a.municipality)) {
    return { ok: false, reason: `${scope} Dokumentet gäller ${doc.municipality}.` };
  }
  if (doc.parties.length === 0) return { ok: false, reason: `${scope} Dokumentet anger inget parti; fyll i partiet.` };
  if (!doc.parties.some((p) => a.parties.includes(p))) {
    return { ok: false, reason: `${scope} Dokumentet är från ${partyList(doc.parties)}.` };
  }
  return OK;
}

/** May this account correct, withdraw or restore a stored document (judged on its current metadata)? */
export function mayEdit(a: Account, doc: { parties: string[]; municipality: string | null }): Decision {
  if (a.role === 'admin') return OK;
  const d = mayStore(a, doc);
  return d.ok ? d : { ok: false, reason: d.reason.replace('spara dokument', 'ändra dokument') };
}

/** Who a document is attributed to: its parties and the parties of the people who wrote it. */
export type Attribution = Pick<ExtractedMetadata, 'parties' | 'signatories' | 'interpellants'>;

type PersonRow = { name: string; party: string | null };

/** A row's party as linking reads it: the party field, else a suffix in the name ("Anna Andersson (M)"). */
function rowParty(r: PersonRow): string | null {
  return r.party ?? parsePersonName(r.name)?.party ?? null;
}

/** Rows before and after, paired by name, then the rest in order (a corrected spelling keeps its row). */
function pairRows(before: PersonRow[], after: PersonRow[]): Array<[PersonRow | null, PersonRow | null]> {
  const key = (r: PersonRow) => parsePersonName(r.name)?.key ?? r.name;
  const used = new Set<number>();
  const pairs: Array<[PersonRow | null, PersonRow | null]> = [];
  const unpaired: PersonRow[] = [];
  for (const b of before) {
    const j = after.findIndex((a, i) => !used.has(i) && key(a) === key(b));
    if (j < 0) { unpaired.push(b); continue; }
    used.add(j);
    pairs.push([b, after[j]!]);
  }
  const rest = after.filter((_, i) => !used.has(i));
  for (let i = 0; i < Math.max(unpaired.length, rest.length); i++) pairs.push([unpaired[i] ?? null, rest[i] ?? null]);
  return pairs;
}

/**
 * May this account change a document's attribution from `current` to `wanted`? `stated` is what the
 * text itself says (the extraction). A secretary may add their own party (to a paper that names
 * none, or as a joint paper of theirs) and take it away again, but may not remove or replace a party
 * the text states, nor add or remove another party: that would file one party's words under
 * another's name and give its signatories a membership the text does not support. Administrators may.
 */
export function mayAttribute(a: Account, d: { stated: Attribution; current: Attribution; wanted: Attribution }): Decision {
  if (a.role === 'admin') return OK;
  const stated = new Set([...d.stated.parties, ...[...d.stated.signatories, ...d.stated.interpellants].map(rowParty)].filter((p): p is string => p !== null));
  const admin = 'Om texten är feltolkad kan en administratör rätta det.';
  const own = `Du får bara lägga till eller ta bort ditt eget parti (${partyList(a.parties)})`;
  const removing = (p: string, who: string | null): Decision => {
    if (stated.has(p)) {
      return { ok: false, reason: `${who ? `Texten anger ${who} som` : 'Texten anger'} ${partyList([p])}; det kan du inte ta bort eller byta mot ett annat parti. ${admin}` };
    }
    return a.parties.includes(p) ? OK : { ok: false, reason: `${own}, inte ${partyList([p])}. ${admin}` };
  };
  const adding = (p: string): Decision => (a.parties.includes(p) ? OK : { ok: false, reason: `${own}, inte ${partyList([p])}. ${admin}` });

  for (const p of d.current.parties) if (!d.wanted.parties.includes(p)) { const r = removing(p, null); if (!r.ok) return r; }
  for (const p of d.wanted.parties) if (!d.current.parties.includes(p)) { const r = adding(p); if (!r.ok) return r; }
  for (const field of ['signatories', 'interpellants'] as const) {
    for (const [before, after] of pairRows(d.current[field], d.wanted[field])) {
      const was = before ? rowParty(before) : null;
      const now = after ? rowParty(after) : null;
      if (was === now) continue;
      // Dropping a whole row is no false attribution; taking another party's signatory off the paper is not the secretary's call either.
      if (was !== null) {
        const r = after ? removing(was, before!.name) : a.parties.includes(was) ? OK : removing(was, before!.name);
        if (!r.ok) return r;
      }
      if (now !== null) { const r = adding(now); if (!r.ok) return r; }
    }
  }
  return OK;
}

/**
 * The whole check for a secretary's upload or correction: the result must lie in their scope
 * (`mayStore`) and its attribution may change only as `mayAttribute` allows.
 */
export function mayFile(a: Account, d: { stated: Attribution; current: Attribution; wanted: ExtractedMetadata }, verb: 'spara' | 'ändra' = 'spara'): Decision {
  const scope = mayStore(a, d.wanted);
  if (!scope.ok) return verb === 'spara' ? scope : { ok: false, reason: scope.reason.replace('spara dokument', 'ändra dokument') };
  return mayAttribute(a, d);
}

/** Only administrators delete for good. */
export function mayDelete(a: Account): Decision {
  return a.role === 'admin' ? OK : { ok: false, reason: 'Bara en administratör kan radera ett dokument för gott. Du kan dra tillbaka det i stället.' };
}

/** Curating people (merge, split): administrators anywhere, secretaries within their municipality. */
export function mayCurate(a: Account, scope: string): Decision {
  if (a.role === 'admin') return OK;
  if (a.municipality && municipalityKey(scope) === municipalityKey(a.municipality)) return OK;
  return { ok: false, reason: `Du kan bara slå ihop eller dela personer i ${a.municipality ?? 'din kommun'}.` };
}
