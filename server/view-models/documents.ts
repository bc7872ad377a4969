/** Plain view-models for document pages: templates get strings, never database rows. */
import type { DocumentSummary, StoredDocument } from '../../db/documents.js';
import { KIND_LABELS } from '../ingest/stages/metadata/parse-metadata.js';
import type { DocumentKind } from '../ingest/types.js';
import { DOCUMENT_KINDS } from '../ingest/types.js';
import { formatDate } from '../views.js';
import type { DocumentLinks } from '../linking/document-links.js';
import { roleLabel, ruleLabel } from './browse.js';

/** The first words of a paragraph, for a compact reference. */
function excerpt(p: string): string {
  const flat = p.replace(/\s+/g, ' ').trim();
  return flat.length > 220 ? `${flat.slice(0, 220).replace(/\s\S*$/, '')} …` : flat;
}

/** What the page says about a scanned document's OCR job. */
function ocrStatusLabel(job: StoredDocument['ocr']): string | null {
  if (!job) return null;
  switch (job.status) {
    case 'queued': return 'OCR väntar på sin tur. Texten blir sökbar när den är läst; ladda om sidan för att se förloppet.';
    case 'running': return job.pagesTotal ? `OCR pågår: sida ${job.pagesDone} av ${job.pagesTotal} är läst. Ladda om sidan för att se förloppet.` : 'OCR pågår.';
    case 'failed': return `OCR misslyckades. ${job.message ?? ''}`.trim();
    case 'unavailable': return `OCR kan inte köras på servern just nu: ${job.message ?? 'Tesseract saknas.'} Dokumentet är sparat och läses när OCR finns.`;
    default: return null;
  }
}

/** Swedish label of a kind. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as DocumentKind] ?? kind;
}

/** One row of a document list. */
export function toDocumentRow(d: DocumentSummary) {
  return {
    id: d.id,
    title: d.title,
    kindLabel: kindLabel(d.kind),
    dateLabel: formatDate(d.date),
    parties: d.metadata.parties.join(', '),
    municipality: d.municipality ?? '',
    needsOcr: d.textStatus === 'needs_ocr',
  };
}

/** Kind options for a filter select. */
export function kindOptions(selected: string | undefined) {
  return DOCUMENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k], selected: k === selected }));
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/**
 * Paragraphs for display, numbered for permalinks (#s1 …): a block of short lines (letterhead,
 * signatures) keeps its lines. A reused paragraph lists the other documents that hold it.
 */
function toDisplayParagraphs(l: DocumentLinks, answered: Map<number, number>) {
  const reuse = new Map(l.reusedParagraphs.map((r) => [r.paragraph, r.documents]));
  const counts = new Map(l.reusedParagraphs.map((r) => [r.paragraph, r.documentCount]));
  return l.paragraphs.map((p, i) => {
    const lines = p.split('\n').map((x) => x.replace(/\t/g, '    ').trim()).filter(Boolean);
    const others = (reuse.get(i) ?? []).map((id) => l.reusedIn.get(id)).filter((x) => x !== undefined)
      .map((o) => ({ href: `/dokument/${o.id}`, title: o.title, label: [kindLabel(o.kind), formatDate(o.date)].filter(Boolean).join(', ') }));
    return {
      anchor: `s${i + 1}`,
      number: i + 1,
      lines: lines.length > 1 ? lines : null,
      text: lines.length > 1 ? null : lines[0] ?? '',
      reusedIn: others,
      /** Other documents holding it beyond those listed. */
      reusedMore: Math.max(0, (counts.get(i) ?? 0) - others.length),
      answersQuestion: answered.get(i) ?? null,
    };
  });
}

/** "Titel (protokollsanteckning, S, 17 februari 2022). https://…/dokument/1#s3" */
function citation(d: StoredDocument, base: string, anchor: string | null): string {
  const m = d.metadata;
  const facts = [kindLabel(d.kind), m.parties.join(', '), m.municipality, formatDate(m.date)].filter(Boolean).join(', ');
  return `${d.title} (${facts}). ${base}/dokument/${d.id}${anchor ? `#${anchor}` : ''}`;
}

/** The document page. */
export function toDocumentPage(d: StoredDocument, l: DocumentLinks, base: string) {
  const m = d.metadata;
  const answered = new Map<number, number>();
  l.answers.forEach((a, qi) => a.answer.forEach((p) => answered.set(p, qi + 1)));
  const linked = (relation: string, direction: 'to' | 'from') => l.links.filter((x) => x.relation === relation && x.direction === direction)
    .map((x) => ({ href: `/dokument/${x.id}`, title: x.title, label: [kindLabel(x.kind), formatDate(x.date)].filter(Boolean).join(', ') }));
  const fields: Array<{ label: string; value: string }> = [];
  const add = (label: string, value: string | null | undefined) => { if (value) fields.push({ label, value }); };
  add('Kommun', m.municipality);
  add('Organ', m.body);
  add('Datum', formatDate(m.date));
  add('Ärende', [m.arende.number ? `Ärende ${m.arende.number.replace(/^§ /, '§ ')}` : null, m.arende.title].filter(Boolean).join(': '));
  add('Diarienummer', m.arende.diarienummer);
  add('Partier', m.parties.join(', '));
  add('Interpellanter', m.interpellants.map((i) => (i.party ? `${i.name} (${i.party})` : i.name)).join(', '));
  add('Ställd till', m.addressee ? [m.addressee.name, m.addressee.role].filter(Boolean).join(', ') : null);
  return {
    id: d.id,
    title: d.title,
    kindLabel: kindLabel(d.kind),
    dateLabel: formatDate(m.date),
    needsOcr: d.textStatus === 'needs_ocr',
    ocrStatus: ocrStatusLabel(d.ocr),
    fields,
    signatories: m.signatories.map((s) => [s.name, s.party ? `(${s.party})` : null, s.role ? `– ${s.role}` : null].filter(Boolean).join(' ')),
    questions: m.questions,
    warnings: m.warnings,
    paragraphs: toDisplayParagraphs(l, answered).map((p) => ({ ...p, citation: citation(d, base, p.anchor) })),
    citation: citation(d, base, null),
    people: l.people.map((p) => ({ name: p.name, href: `/personer/${p.slug}`, role: roleLabel(p.role), party: p.party ?? '' }))
      .filter((p, i, all) => all.findIndex((q) => q.href === p.href && q.role === p.role) === i),
    partyLinks: m.parties.map((p) => ({ code: p, href: `/partier/${encodeURIComponent(p)}` })),
    arenden: l.arenden.map((a) => ({ href: `/arenden/${a.id}`, title: a.title ?? a.diarienummer ?? `Ärende ${a.id}`, rule: ruleLabel(a.rule), documents: a.documents })),
    answers: linked('answers', 'to'),
    answeredBy: linked('answers', 'from'),
    questionAnswers: l.answers.map((a, i) => ({
      number: i + 1,
      question: a.question,
      quotedHref: a.quotedAt === null ? null : `#s${a.quotedAt + 1}`,
      answer: a.answer.map((p) => ({ href: `#s${p + 1}`, number: p + 1, excerpt: excerpt(l.paragraphs[p] ?? '') })),
    })),
    reusedCount: l.reusedParagraphs.length,
    file: d.file ? { filename: d.file.filename, mediaType: d.file.mediaType, size: formatSize(d.file.byteSize) } : { filename: 'original', mediaType: '', size: '' },
    extraction: d.extraction ? `${d.extraction.version}, säkerhet ${Math.round(d.extraction.confidence * 100)} %` : 'okänd källa',
    createdLabel: formatDate(d.createdAt),
  };
}
