/** One error handler and one not-found handler: Swedish JSON under /api, an HTML page elsewhere. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IngestError } from './ingest/errors.js';

/** An expected client error with a stable code. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
  }
}

const HEADINGS: Record<number, string> = {
  400: 'Felaktig begäran', 401: 'Inloggning krävs', 403: 'Åtkomst nekad', 404: 'Sidan finns inte', 409: 'Det gick inte', 410: 'Dokumentet är tillbakadraget', 429: 'För många försök',
  413: 'Filen är för stor', 415: 'Filtypen stöds inte', 422: 'Filen kunde inte läsas',
};

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/healthz';
}

/** Sends an error as JSON `{error, message}` or as the HTML error page. */
export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string) {
  reply.code(status);
  if (isApi(request)) return reply.type('application/json; charset=utf-8').send({ error: code, message });
  return reply.page('./pages/error', {
    heading: HEADINGS[status] ?? (status >= 500 ? 'Något gick fel' : 'Felaktig begäran'),
    message,
    backHref: request.url.startsWith('/ladda-upp') ? '/ladda-upp' : '/',
    backLabel: request.url.startsWith('/ladda-upp') ? 'Försök igen' : 'Till startsidan',
  });
}

/** Maps known errors to 4xx with their message; everything else is a logged 500 with a generic text. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | IngestError | HttpError, request, reply) => {
    if (err instanceof IngestError || err instanceof HttpError) {
      return sendError(request, reply, err.statusCode, err.code, err.message);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      return sendError(request, reply, 400, 'invalid_request', `Ogiltig parameter: ${fe.message}`);
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return sendError(request, reply, 415, 'unsupported_media_type', 'Skicka filen som multipart/form-data i fältet "file".');
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendError(request, reply, fe.statusCode, 'bad_request', 'Begäran kunde inte behandlas. Kontrollera uppgifterna och försök igen.');
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(request, reply, 500, 'internal_error', 'Ett oväntat fel inträffade. Inget har ändrats; försök igen om en stund.');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, 'not_found', 'Det finns ingen sida eller inget dokument på den adressen.'));
}
