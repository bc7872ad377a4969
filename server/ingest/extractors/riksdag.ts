/**
 * The Riksdag's document record (data.riksdagen.se "dokumentstatus", as XML or JSON) mapped to the
 * contract: one reading for both formats. The record's own fields are surer than anything the text
 * rules can find, so they come back as structured metadata.
 */
import type { Addressee, DocumentKind, Interpellant, Signatory, StructuredMetadata } from '../types.js';
import { partyFromAbbreviation, partyFromAny } from '../../domain/parties.js';

export interface RiksdagPerson {
  namn: string;
  partibet: string;
  roll: string;
}

/** A dokumentstatus record: the document's scalar fields (lower-case names), its people and its extra facts. */
export interface RiksdagRecord {
  fields: Record<string, string>;
  intressenter: RiksdagPerson[];
  uppgifter: Array<{ kod: string; text: string }>;
}

/** Root or record element names that make a file a Riksdag document. */
export const RIKSDAG_ROOTS = new Set(['dokumentstatus', 'dokument']);

/** doktyp → kind. Committee reports, bills, written questions and the like have no kind of their own. */
const KINDS: Record<string, DocumentKind> = {
  ip: 'interpellation', mot: 'motion', prot: 'protokoll', yttr: 'yttrande',
  bet: 'ovrigt', prop: 'ovrigt', skr: 'ovrigt', fr: 'ovrigt', frs: 'ovrigt', sou: 'ovrigt', ds: 'ovrigt', dir: 'ovrigt',
  rskr: 'ovrigt', fpm: 'ovrigt', kom: 'ovrigt', utr: 'ovrigt', ovr: 'ovrigt', rfr: 'ovrigt', samtr: 'ovrigt', bes: 'ovrigt',
};

const LABELS: Partial<Record<DocumentKind, string>> = { interpellation: 'Interpellation', motion: 'Motion', protokoll: 'Protokoll', yttrande: 'Yttrande' };

/** organ codes of the Riksdag's committees, current and earlier; the chamber itself is no body. */
const UTSKOTT: Record<string, string> = {
  au: 'Arbetsmarknadsutskottet', bou: 'Bostadsutskottet', cu: 'Civilutskottet', fiu: 'Finansutskottet', föu: 'Försvarsutskottet',
  jou: 'Jordbruksutskottet', juu: 'Justitieutskottet', ku: 'Konstitutionsutskottet', kru: 'Kulturutskottet', lu: 'Lagutskottet',
  mju: 'Miljö- och jordbruksutskottet', nu: 'Näringsutskottet', sfu: 'Socialförsäkringsutskottet', sku: 'Skatteutskottet',
  sou: 'Socialutskottet', tu: 'Trafikutskottet', ubu: 'Utbildningsutskottet', uu: 'Utrikesutskottet',
  uföu: 'Sammansatta utrikes- och försvarsutskottet', eun: 'EU-nämnden',
};

const AUTHOR_ROLE = /^(?:undertecknare|författare|forfattare|motionär|interpellant|frågeställare|avsändare)/iu;
const ADDRESSEE_ROLE = /^(?:mottagare|besvara)/iu;

const squash = (s: string) => s.replace(/\s+/gu, ' ').trim();

/** "Shekarabi, Ardalan (S)" → "Ardalan Shekarabi"; the party goes by its own field. */
function personName(raw: string): string {
  const s = squash(raw.replace(/\([^)]*\)/gu, ''));
  const inverted = /^([^,]+),\s*(.+)$/u.exec(s);
  return inverted ? `${inverted[2]} ${inverted[1]}` : s;
}

/** "Statsrådet Niklas Wykman (M)", "Minister för skolor Lotta Edholm": the office, then the name. */
export function addresseeFrom(raw: string): Addressee | null {
  const words = squash(raw.replace(/\([^)]*\)/gu, '')).split(' ').filter(Boolean);
  if (words.length === 0) return null;
  // The office is the first word and the lower-case words after it; the name starts at the next capital.
  let i = 1;
  while (i < words.length && !/^\p{Lu}/u.test(words[i]!)) i++;
  const role = words.slice(0, i).join(' ');
  const name = words.slice(i).join(' ') || null;
  if (!/minister|statsråd|talman|regering/iu.test(role)) return { name: words.join(' '), role: null };
  return { name, role };
}

/** "2023-01-17 00:00:00" → "2023-01-17". */
function isoDate(raw: string | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(raw?.trim() ?? '');
  return m && m[1] !== '0000' ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** The heading a reader of the record's text expects first: "Interpellation 2022/23:123", title, "av …". */
export function riksdagHeading(r: RiksdagRecord): string {
  const f = r.fields;
  const kind = KINDS[(f.doktyp || f.typ || '').toLowerCase()];
  const label = f.dokumentnamn || (kind && LABELS[kind]) || '';
  const number = f.rm && f.beteckning ? `${f.rm}:${f.beteckning}` : '';
  return [squash(`${label} ${number}`), f.titel, f.subtitel ?? f.undertitel].map((s) => squash(s ?? '')).filter(Boolean).join('\n');
}

export function riksdagStructured(r: RiksdagRecord, format: string): StructuredMetadata {
  const f = r.fields;
  const values: StructuredMetadata['values'] = {};
  const from: StructuredMetadata['from'] = {};
  values.municipality = 'Riksdagen';
  from.municipality = 'dokumentstatus';
  const typeKey = f.doktyp ? 'doktyp' : f.typ ? 'typ' : null;
  const kind = typeKey ? KINDS[f[typeKey]!.trim().toLowerCase()] : undefined;
  if (kind) { values.kind = kind; from.kind = `${typeKey} "${f[typeKey!]!.trim()}"`; }
  // By issue 19's convention the Riksdag is the organisation and body names an utskott, or nothing.
  const organ = squash(f.organ ?? '');
  const utskott = UTSKOTT[organ.toLocaleLowerCase('sv')] ?? (/(?:utskottet|nämnden)$/iu.test(organ) ? organ : null);
  values.body = utskott;
  from.body = utskott ? `organ "${organ}"` : 'dokumentstatus (inget utskott angivet)';
  const date = isoDate(f.datum);
  if (date) { values.date = date; from.date = 'datum'; }
  const titel = squash(f.titel ?? '');
  if (titel) {
    const label = (kind && LABELS[kind]) || squash(f.dokumentnamn ?? '');
    const number = f.rm && f.beteckning ? `${squash(f.rm)}:${squash(f.beteckning)}` : '';
    const prefix = squash(`${label} ${number}`);
    values.title = (prefix && !titel.includes(number || label) ? `${prefix} ${titel}` : titel).slice(0, 300);
    from.title = number ? 'dokumentnamn, rm, beteckning, titel' : 'titel';
    if (kind !== 'protokoll') { values.arendeTitle = titel; from['arende.title'] = 'titel'; }
  }
  const authors = r.intressenter.filter((p) => AUTHOR_ROLE.test(p.roll.trim()) && p.namn.trim());
  if (authors.length) {
    const people = authors.map((p) => ({ name: personName(p.namn), party: partyFromAbbreviation(p.partibet) ?? partyFromAny(p.partibet) }));
    const parties: string[] = [];
    for (const p of people) if (p.party && !parties.includes(p.party)) parties.push(p.party);
    values.parties = parties;
    from.parties = 'intressent/partibet';
    if (kind === 'interpellation') {
      values.interpellants = people as Interpellant[];
      from.interpellants = 'intressent (roll undertecknare)';
    } else if (kind === 'motion' || kind === 'yttrande') {
      values.signatories = people.map((p): Signatory => ({ ...p, role: null }));
      from.signatories = 'intressent (roll undertecknare)';
    }
  }
  const mottagare = squash(f.mottagare ?? r.uppgifter.find((u) => /^mottagare$/iu.test(u.kod.trim()))?.text ?? '');
  const asked = r.intressenter.find((p) => ADDRESSEE_ROLE.test(p.roll.trim()) && p.namn.trim());
  const addressee = mottagare ? addresseeFrom(mottagare) : asked ? { name: personName(asked.namn), role: null } : null;
  if (addressee) { values.addressee = addressee; from.addressee = mottagare ? 'mottagare' : 'intressent (roll mottagare)'; }
  return { values, from, format };
}
