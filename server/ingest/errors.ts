/** Ingest failures with a stable code, an HTTP status and a Swedish message for people. */

export type IngestErrorCode =
  | 'empty_file'
  | 'too_large'
  | 'unsupported_type'
  | 'not_text'
  | 'bad_encoding'
  | 'too_long_line'
  | 'corrupt_pdf'
  | 'encrypted_pdf'
  | 'extraction_timeout'
  | 'bad_filename'
  | 'corrupt_document'
  | 'analysis_timeout'
  | 'analysis_out_of_memory'
  | 'shutting_down';

const STATUS: Record<IngestErrorCode, number> = {
  empty_file: 400,
  too_large: 413,
  unsupported_type: 415,
  not_text: 415,
  bad_encoding: 422,
  too_long_line: 422,
  corrupt_pdf: 422,
  encrypted_pdf: 422,
  extraction_timeout: 422,
  bad_filename: 400,
  corrupt_document: 422,
  analysis_timeout: 422,
  analysis_out_of_memory: 422,
  shutting_down: 503,
};

/** An expected rejection of an uploaded file; nothing has been stored when it is thrown. */
export class IngestError extends Error {
  readonly statusCode: number;
  constructor(readonly code: IngestErrorCode, message: string) {
    super(message);
    this.name = 'IngestError';
    this.statusCode = STATUS[code];
  }
}
