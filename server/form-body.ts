/** application/x-www-form-urlencoded bodies for the HTML forms (repeated fields become arrays). */
import type { FastifyInstance } from 'fastify';

export type FormBody = Record<string, string | string[]>;

/** Parses a urlencoded body; a field sent twice (checkboxes) becomes an array. */
export function parseForm(body: string): FormBody {
  const out: FormBody = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Reads one field as a string ('' when absent, the first value when repeated). */
export function field(form: FormBody | undefined, name: string): string {
  const v = form?.[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** Reads a repeated field as a list. */
export function fields(form: FormBody | undefined, name: string): string[] {
  const v = form?.[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
