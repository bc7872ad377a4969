/** The JSON shape of a document: the extraction contract plus id and storage facts. */
import type { DocumentSummary, StoredDocument } from '../../db/documents.js';

/** Full document JSON for GET /api/documents/:id and upload responses. */
export function toDocumentJson(d: StoredDocument) {
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
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    url: `/dokument/${d.id}`,
  };
}

/** List item JSON: the contract without the text. */
export function toDocumentListItem(d: DocumentSummary) {
  return { id: d.id, ...d.metadata, textStatus: d.textStatus, createdAt: d.createdAt, url: `/dokument/${d.id}` };
}
