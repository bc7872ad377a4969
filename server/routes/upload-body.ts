/** Reads the one file of a multipart upload, turning multipart's own errors into clear ingest errors. */
import type { FastifyRequest } from 'fastify';
import { IngestError } from '../ingest/errors.js';
import { tooLarge } from '../ingest/stages/preflight.js';
import type { Upload } from '../ingest/pipeline.js';
import { HttpError } from '../http-errors.js';

/** The uploaded file in field "file" (or the first file field). */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new HttpError(415, 'unsupported_media_type', 'Skicka filen som multipart/form-data i fältet "file".');
  }
  let part;
  try {
    part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  } catch (err) {
    throw mapMultipartError(err, maxBytes);
  }
  if (!part) throw new HttpError(400, 'no_file', 'Ingen fil skickades. Välj en fil i fältet "file".');
  try {
    const bytes = await part.toBuffer();
    return { bytes, filename: part.filename };
  } catch (err) {
    throw mapMultipartError(err, maxBytes);
  }
}

function mapMultipartError(err: unknown, maxBytes: number): Error {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge(maxBytes) : new HttpError(400, 'too_many_files', 'Skicka en fil åt gången.');
  }
  if (err instanceof IngestError || err instanceof HttpError) return err;
  return new HttpError(400, 'bad_upload', 'Uppladdningen var ofullständig eller felaktig. Försök igen.');
}
