/**
 * Reads multipart uploads (files plus small text fields), turning multipart's own errors into clear
 * ingest errors. Nothing large is read before the request has shown it may send it: the account is
 * checked by the route's preHandler, a declared body over the request limit is refused from its
 * headers, and the CSRF token (a header, or a field sent before the first file, as the forms do) is
 * checked before the first file byte is read. Bytes are counted as they arrive, across all files.
 */
import type { FastifyRequest } from 'fastify';
import { IngestError } from '../ingest/errors.js';
import { tooLarge } from '../ingest/stages/preflight.js';
import type { Upload } from '../ingest/pipeline.js';
import { HttpError } from '../http-errors.js';

export interface MultipartUpload {
  files: Upload[];
  fields: Record<string, string>;
}

export interface UploadLimits {
  /** Largest single file. */
  maxFileBytes: number;
  maxFiles: number;
  /** Largest body, all files and fields together. */
  maxRequestBytes: number;
  /**
   * Called with the fields read so far, once, before the first file's bytes are read (or at the end
   * when there is no file). Throwing refuses the request without reading the rest of the body.
   */
  beforeFiles?: (fields: Record<string, string>) => void;
}

/** All files (at most `maxFiles`) and text fields of a multipart body. */
export async function readUploads(request: FastifyRequest, limits: UploadLimits): Promise<MultipartUpload> {
  if (!request.isMultipart()) {
    throw new HttpError(415, 'unsupported_media_type', 'Skicka filen som multipart/form-data i fältet "file".');
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxRequestBytes) throw tooLargeRequest(limits.maxRequestBytes);
  const files: Upload[] = [];
  const fields: Record<string, string> = {};
  let checked = false;
  let total = 0;
  try {
    const parts = request.parts({ limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, parts: limits.maxFiles + 20, fieldSize: 256 * 1024 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (!checked) {
          checked = true;
          limits.beforeFiles?.(fields);
        }
        const chunks: Buffer[] = [];
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          total += chunk.length;
          if (total > limits.maxRequestBytes) throw tooLargeRequest(limits.maxRequestBytes);
          chunks.push(chunk);
        }
        if (part.file.truncated) throw tooLarge(limits.maxFileBytes);
        const bytes = Buffer.concat(chunks);
        // A browser sends an empty part with no name when no file was chosen.
        if (part.filename === '' && bytes.length === 0) continue;
        files.push({ bytes, filename: part.filename });
      } else if (typeof part.value === 'string') {
        total += part.value.length;
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    // A refused body is not parsed any further: what is left of it is read and discarded, so the
    // client gets its answer (closing at once would reset the connection and lose it) and a client
    // that gives up is noticed (a paused socket never sees its end and would hold the server's close).
    request.raw.unpipe();
    request.raw.resume();
    throw mapMultipartError(err, limits.maxFileBytes, limits.maxFiles);
  }
  if (!checked) limits.beforeFiles?.(fields);
  return { files, fields };
}

function tooLargeRequest(maxRequestBytes: number): HttpError {
  const mb = Math.round(maxRequestBytes / 1024 / 1024);
  return new HttpError(413, 'too_large', `Uppladdningen är större än ${mb} MB sammanlagt. Skicka färre eller mindre filer åt gången.`);
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
