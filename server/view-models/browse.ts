/** View-models for people, parties and ärenden: templates get display strings and hrefs only. */
import type { ArendeRecord, PartyOverview, PersonRecord, TimelineDocument } from '../../db/browse.js';
import { partyName } from '../domain/parties.js';
import { formatDate } from '../views.js';
import { kindLabel } from './documents.js';

const ROLE_LABELS: Record<string, string> = {
  signatory: 'undertecknare', interpellant: 'interpellant', answerer: 'svarade', addressee: 'tillfrågad',
};
const RULE_LABELS: Record<string, string> = {
  diarienummer: 'samma diarienummer', sammantrade_och_nummer: 'samma sammanträde och ärendenummer',
  titel: 'nästan samma ärenderubrik', ny: 'första dokumentet i ärendet',
  arende_sammantrade_och_paragraf: 'samma ärende, sammanträde och paragraf', arende_och_sammantrade: 'samma ärende och sammanträde',
  arende_och_paragraf: 'samma ärende och paragraf',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

export function ruleLabel(rule: string): string {
  return RULE_LABELS[rule] ?? rule;
}

function span(from: string | null, to: string | null): string {
  if (!from && !to) return 'datum okänt';
  if (from === to) return formatDate(from);
  return `${formatDate(from)} – ${formatDate(to)}`;
}

export function toPersonPage(p: PersonRecord) {
  return {
    name: p.name,
    slug: p.slug,
    scope: p.scope,
    memberships: p.memberships.map((m) => ({
      label: m.groupBody ? `${partyName(m.party)}s grupp i ${m.groupBody.toLocaleLowerCase('sv')}` : `${partyName(m.party)} (${m.party})`,
      href: `/partier/${encodeURIComponent(m.party)}`,
      span: span(m.from, m.to),
      documents: m.documents,
    })),
    documents: p.documents.map((d) => ({
      id: d.id, title: d.title, kindLabel: kindLabel(d.kind), dateLabel: formatDate(d.date),
      roleLabel: d.roles.map(roleLabel).join(', '), party: d.party ?? '',
    })),
    possiblySame: p.possiblySame.map((o) => ({ name: o.name, href: `/personer/${o.slug}`, scope: o.scope })),
  };
}

export function toPersonJson(p: PersonRecord) {
  return {
    name: p.name,
    slug: p.slug,
    scope: p.scope || null,
    parties: p.memberships.map((m) => ({ code: m.party, name: partyName(m.party), groupBody: m.groupBody, from: m.from, to: m.to, documents: m.documents })),
    documents: p.documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, date: d.date, role: d.role, roles: d.roles, party: d.party })),
    possiblySame: p.possiblySame.map((o) => ({ name: o.name, slug: o.slug, scope: o.scope, reason: o.reason })),
    url: `/personer/${p.slug}`,
  };
}

export function toPartyPage(o: PartyOverview, reused: Array<{ documentId: number; paragraph: number; text: string; reuseCount: number; title: string }>) {
  const years = Object.keys(o.byYear).sort().reverse();
  const kinds = Object.keys(o.byKind).sort((a, b) => o.byKind[b]! - o.byKind[a]!);
  const cell = new Map(o.byKindAndYear.map((c) => [`${c.kind}|${c.year}`, c.count]));
  return {
    code: o.code,
    name: o.name,
    documentCount: o.documentCount,
    years,
    rows: kinds.map((k) => ({
      kind: k, label: kindLabel(k), total: o.byKind[k]!,
      cells: years.map((y) => ({ count: cell.get(`${k}|${y}`) ?? 0, href: `/dokument?party=${encodeURIComponent(o.code)}&kind=${k}${/^\d{4}$/.test(y) ? `&year=${y}` : ''}` })),
    })),
    people: o.people.map((p) => ({ name: p.name, href: `/personer/${p.slug}`, scope: p.scope, documents: p.documents, span: span(p.from, p.to) })),
    reused: reused.map((r) => ({ text: r.text, count: r.reuseCount, href: `/dokument/${r.documentId}#s${r.paragraph + 1}`, title: r.title })),
  };
}

function timelineDoc(d: TimelineDocument) {
  return {
    id: d.id, title: d.title, kindLabel: kindLabel(d.kind), dateLabel: formatDate(d.date), body: d.body ?? '',
    parties: d.parties.map((p) => ({ code: p, href: `/partier/${encodeURIComponent(p)}` })),
    signatories: d.signatories.map((s) => ({ name: s.name, href: s.slug ? `/personer/${s.slug}` : null, party: s.party ?? '', role: roleLabel(s.role) })),
    rule: ruleLabel(d.rule),
    paragraphs: d.paragraphs.map((p) => ({ label: p.title ? `${p.number}: ${p.title}` : p.number, href: `/dokument/${d.id}#${p.anchor}` })),
    inParagraph: d.inParagraph && { label: d.inParagraph.number, href: `/dokument/${d.inParagraph.documentId}#${d.inParagraph.anchor}` },
  };
}

/** Kinds whose documents from different parties at one step are competing positions. */
const POSITION_KINDS = new Set(['yrkande', 'reservation', 'sarskilt_yttrande', 'protokollsanteckning', 'yttrande']);

export interface TimelineStep {
  date: string | null;
  kind: string;
  documents: TimelineDocument[];
  /** Several parties' positions at the same step, to be read side by side. */
  sideBySide: boolean;
}

function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(a.slice(0, 10)) - Date.parse(b.slice(0, 10))) / 86_400_000;
}

/** Party papers for one meeting are dated in the days before it: two weeks apart is still the same step. */
const STEP_DAYS = 14;

/**
 * Groups the timeline into steps: consecutive documents of one kind on the same date (positions:
 * within two weeks). A step with several parties' positions is shown side by side.
 */
export function timelineSteps(a: ArendeRecord): TimelineStep[] {
  const steps: TimelineStep[] = [];
  for (const d of a.documents) {
    const last = steps[steps.length - 1];
    const sameStep = last && last.kind === d.kind && (last.date === d.date
      || (POSITION_KINDS.has(d.kind) && last.date !== null && d.date !== null && daysBetween(last.date, d.date) <= STEP_DAYS));
    if (last && sameStep) last.documents.push(d);
    else steps.push({ date: d.date, kind: d.kind, documents: [d], sideBySide: false });
  }
  for (const s of steps) {
    const partySets = new Set(s.documents.map((d) => d.parties.join(',')));
    s.sideBySide = POSITION_KINDS.has(s.kind) && s.documents.length > 1 && partySets.size > 1;
  }
  return steps;
}

export function toArendePage(a: ArendeRecord) {
  return {
    id: a.id,
    title: a.title ?? (a.diarienummer ? `Ärende ${a.diarienummer}` : `Ärende ${a.id}`),
    facts: [
      ['Kommun', a.municipality], ['Organ', a.body], ['Diarienummer', a.diarienummer], ['Ärendenummer', a.number],
    ].filter((f): f is [string, string] => Boolean(f[1])).map(([label, value]) => ({ label, value })),
    steps: timelineSteps(a).map((s) => ({
      dateLabel: s.date ? formatDate(s.date) : 'Datum okänt',
      kindLabel: kindLabel(s.kind),
      sideBySide: s.sideBySide,
      documents: s.documents.map(timelineDoc),
    })),
    count: a.documents.length,
  };
}

export function toArendeJson(a: ArendeRecord) {
  return {
    id: a.id, title: a.title, municipality: a.municipality, body: a.body, number: a.number, diarienummer: a.diarienummer,
    documents: a.documents.map((d) => ({
      id: d.id, kind: d.kind, title: d.title, date: d.date, body: d.body, parties: d.parties,
      signatories: d.signatories.map((s) => ({ name: s.name, slug: s.slug, party: s.party, role: s.role })), rule: d.rule,
      paragraphs: d.paragraphs.map((p) => ({ number: p.number, title: p.title, permalink: `/dokument/${d.id}#${p.anchor}` })),
      inParagraph: d.inParagraph && { document: d.inParagraph.documentId, number: d.inParagraph.number, permalink: `/dokument/${d.inParagraph.documentId}#${d.inParagraph.anchor}` },
    })),
    steps: timelineSteps(a).map((s) => ({ date: s.date, kind: s.kind, sideBySide: s.sideBySide, documents: s.documents.map((d) => d.id) })),
    url: `/arenden/${a.id}`,
  };
}
