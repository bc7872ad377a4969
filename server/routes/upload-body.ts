/** Reads multipart uploads (files plus small text fields), turning multipart's own errors into clear ingest errors. */
import type { FastifyRequest } from 'fastify';
import { IngestError } from '../ingest/errors.js';
import { tooLarge } from '../ingest/stages/preflight.js';
import type { Upload } from '../ingest/pipeline.js';
import { HttpError } from '../http-errors.js';

export interface MultipartUpload {
  files: Upload[];
  fields: Record<string, string>;
}

/** All files (at most `maxFiles`) and text fields of a multipart body. */
export async function readUploads(request: FastifyRequest, maxBytes: number, maxFiles: number): Promise<MultipartUpload> {
  if (!request.isMultipart()) {
    throw new HttpError(415, 'unsupported_media_type', 'Skicka filen som multipart/form-data i fältet "file".');
  }
  const files: Upload[] = [];
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: maxFiles, fields: 20, parts: maxFiles + 20, fieldSize: 256 * 1024 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        // A browser sends an empty part with no name when no file was chosen.
        if (part.filename === '' && bytes.length === 0) continue;
        files.push({ bytes, filename: part.filename });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    throw mapMultipartError(err, maxBytes, maxFiles);
  }
  return { files, fields };
}

/** The one file of an API upload (field "file", or the first file). */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  const { files } = await readUploads(request, maxBytes, 1);
  if (files.length === 0) throw new HttpError(400, 'no_file', 'Ingen fil skickades. Välj en fil i fältet "file".');
  return files[0]!;
}

function mapMultipartError(err: unknown, maxBytes: number, maxFiles: number): Error {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new HttpError(400, 'too_many_files', maxFiles === 1 ? 'Skicka en fil åt gången.' : `Skicka högst ${maxFiles} filer åt gången.`);
  }
  if (err instanceof IngestError || err instanceof HttpError) return err;
  return new HttpError(400, 'bad_upload', 'Uppladdningen var ofullständig eller felaktig. Försök igen.');
}
