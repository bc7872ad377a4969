/** The JSON shape of a document: the extraction contract plus id and storage facts. */
import type { DocumentSummary, StoredDocument } from '../../db/documents.js';
import type { DocumentLinks } from '../linking/document-links.js';
import { toParagraphsJson } from './protocol-json.js';

/** Full document JSON for GET /api/documents/:id and upload responses, with what links it to other documents. */
export function toDocumentJson(d: StoredDocument, l: DocumentLinks) {
  return {
    id: d.id,
    ...d.metadata,
    textStatus: d.textStatus,
    text: d.text,
    original: d.file && {
      filename: d.file.filename, mediaType: d.file.mediaType, byteSize: d.file.byteSize,
      sha256: d.file.sha256, encoding: d.file.encoding, url: `/dokument/${d.id}/original`,
    },
    extraction: d.extraction,
    ocr: d.ocr && { status: d.ocr.status, pagesDone: d.ocr.pagesDone, pagesTotal: d.ocr.pagesTotal, message: d.ocr.message },
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    url: `/dokument/${d.id}`,
    reusedParagraphs: l.reusedParagraphs.map((r) => ({ paragraph: r.paragraph, text: r.text, documents: r.documents, documentCount: r.documentCount, permalink: `/dokument/${d.id}#s${r.paragraph + 1}` })),
    people: l.people.map((p) => ({ name: p.name, slug: p.slug, role: p.role, party: p.party })),
    arenden: l.arenden.map((a) => ({ id: a.id, title: a.title, diarienummer: a.diarienummer, rule: a.rule, url: `/arenden/${a.id}` })),
    answers: l.links.filter((x) => x.relation === 'answers' && x.direction === 'to').map((x) => x.id)[0] ?? null,
    answeredBy: l.links.filter((x) => x.relation === 'answers' && x.direction === 'from').map((x) => x.id),
    questionAnswers: l.answers.map((a) => ({ question: a.question, quotedAt: a.quotedAt, paragraphs: a.answer })),
    ...(d.metadata.paragraphs ? { paragraphs: toParagraphsJson(d.id, d.metadata.paragraphs, l.protocolParagraphs) } : {}),
    inParagraph: l.inParagraph && {
      document: l.inParagraph.documentId, number: l.inParagraph.number, rule: l.inParagraph.rule, confidence: l.inParagraph.confidence,
      permalink: `/dokument/${l.inParagraph.documentId}#${l.inParagraph.anchor}`,
    },
  };
}

/** List item JSON: the contract without the text. */
export function toDocumentListItem(d: DocumentSummary) {
  return { id: d.id, ...d.metadata, textStatus: d.textStatus, createdAt: d.createdAt, url: `/dokument/${d.id}` };
}
