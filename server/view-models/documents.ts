/** Plain view-models for document pages: templates get strings, never database rows. */
import type { DocumentSummary, StoredDocument } from '../../db/documents.js';
import { KIND_LABELS } from '../ingest/stages/metadata/parse-metadata.js';
import type { DocumentKind } from '../ingest/types.js';
import { DOCUMENT_KINDS } from '../ingest/types.js';
import { formatDate } from '../views.js';

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

/** Paragraphs for display: a block of short lines (letterhead, signatures) keeps its lines. */
function toDisplayParagraphs(text: string) {
  return text.split(/\n\s*\n/).filter((p) => p.trim() !== '').map((p) => {
    const lines = p.split('\n').map((l) => l.replace(/\t/g, '    ').trim()).filter(Boolean);
    return lines.length > 1 ? { lines, text: null } : { lines: null, text: lines[0] ?? '' };
  });
}

/** The document page. */
export function toDocumentPage(d: StoredDocument) {
  const m = d.metadata;
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
    fields,
    signatories: m.signatories.map((s) => [s.name, s.party ? `(${s.party})` : null, s.role ? `– ${s.role}` : null].filter(Boolean).join(' ')),
    questions: m.questions,
    warnings: m.warnings,
    paragraphs: toDisplayParagraphs(d.text),
    file: d.file ? { filename: d.file.filename, mediaType: d.file.mediaType, size: formatSize(d.file.byteSize) } : { filename: 'original', mediaType: '', size: '' },
    extraction: d.extraction ? `${d.extraction.version}, säkerhet ${Math.round(d.extraction.confidence * 100)} %` : 'okänd källa',
    createdLabel: formatDate(d.createdAt),
  };
}
