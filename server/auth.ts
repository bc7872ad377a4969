/**
 * Authentication and CSRF. Reading is open to everyone. A request is authenticated by a bearer API
 * token or by the session cookie; every route that writes runs `requireAccount` first, which answers
 * 401 for anonymous callers and, for cookie sessions, checks the form's CSRF token (bearer requests
 * carry no cookie, so a forged cross-site request cannot use them).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { serverSecret } from '../db/server-secrets.js';
import { sessionAccount, tokenAccount } from '../db/users.js';
import type { Account } from './accounts/permissions.js';
import { newSecret, sameSecret, secretHash, signSecret } from './accounts/secrets.js';
import { HttpError } from './http-errors.js';

export const SESSION_COOKIE = 'sp_session';
/**
 * The pre-session cookie guarding the forms a visitor uses before having a session (login): it
 * holds a random pre-session id, and the form carries HMAC(server key, id). A value the client
 * picks for both (or a cookie planted by a sibling site) does not pass, since only the server can
 * sign an id.
 */
export const PRE_SESSION_COOKIE = 'sp_csrf';
const PRE_SESSION_ID = /^[\w-]{40,60}$/;
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    account?: Account;
    /** The cookie session behind `account`, absent for token requests. */
    session?: { tokenHash: string; csrfToken: string };
    /** The CSRF token a page should embed in its forms (session or pre-session). */
    csrfToken?: string;
  }
}

/** The signed-in person as pages see them (the layout shows a logout form with the CSRF token). */
export interface Viewer {
  name: string;
  isAdmin: boolean;
  csrf: string;
}

export function viewerOf(request: FastifyRequest): Viewer | null {
  const a = request.account;
  if (!a || !request.session) return null;
  return { name: a.name, isAdmin: a.role === 'admin', csrf: request.session.csrfToken };
}

/** Reads the bearer token or the session cookie on every request. */
export function registerAuthentication(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S{20,200})$/i.exec(header);
      const account = m ? await tokenAccount(app.db, secretHash(m[1]!)) : undefined;
      if (!account) throw new HttpError(401, 'invalid_token', 'API-nyckeln är ogiltig eller återkallad. Skapa en ny på din kontosida.');
      request.account = account;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie && cookie.length <= 200) {
      const tokenHash = secretHash(cookie);
      const found = await sessionAccount(app.db, tokenHash);
      if (found) {
        request.account = found.account;
        request.session = { tokenHash, csrfToken: found.csrfToken };
        request.csrfToken = found.csrfToken;
      }
    }
  });
}

function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/');
}

/**
 * preHandler for every write route. Anonymous: 401 (a page GET is sent to the login form instead).
 * A one-time password must be replaced first. Cookie sessions must echo their CSRF token, except
 * for multipart bodies, whose token is checked by the route as the first field (`checkCsrf`).
 */
export async function requireAccount(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const account = request.account;
  if (!account) {
    if (wantsHtml(request) && request.method === 'GET') {
      return reply.redirect(`/logga-in?nasta=${encodeURIComponent(request.url)}`, 303);
    }
    throw new HttpError(401, 'login_required', 'Du måste logga in (eller skicka en API-nyckel) för att ändra något i arkivet.');
  }
  // The password page itself and logging out stay open to a user who still has a one-time password.
  const path = request.url.split('?')[0];
  if (request.session && account.mustChangePassword && path !== '/konto/losenord' && path !== '/logga-ut') {
    if (wantsHtml(request) && request.method === 'GET') return reply.redirect('/konto/losenord', 303);
    throw new HttpError(403, 'password_change_required', 'Byt ditt engångslösenord innan du ändrar något.');
  }
  if (request.session && request.method !== 'GET' && !request.isMultipart()) {
    const body = request.body as Record<string, unknown> | undefined;
    const sent = request.headers[CSRF_HEADER] ?? body?.[CSRF_FIELD];
    checkCsrf(request, typeof sent === 'string' ? sent : undefined);
  }
}

/** Throws 403 unless a cookie session's request carries its CSRF token. Token requests pass. */
export function checkCsrf(request: FastifyRequest, sent: string | undefined): void {
  if (!request.session) return;
  if (!sent || !sameSecret(sent, request.session.csrfToken)) {
    throw new HttpError(403, 'csrf', 'Formuläret saknar eller har fel säkerhetstoken (CSRF). Ladda om sidan och försök igen.');
  }
}

/** The server's key for login form tokens, made once per database (`buildApp` makes sure it exists). */
export async function loginCsrfKey(db: Db): Promise<string> {
  return await serverSecret(db, 'login-csrf', () => newSecret());
}

async function preSessionFormToken(db: Db, id: string): Promise<string> {
  return signSecret(await loginCsrfKey(db), `login-csrf:${id}`);
}

/** The login form's CSRF token: the signed pre-session id, whose cookie is set when the visitor has none. */
export async function preSessionToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): Promise<string> {
  const existing = request.cookies[PRE_SESSION_COOKIE];
  if (existing && PRE_SESSION_ID.test(existing)) return await preSessionFormToken(request.server.db, existing);
  const id = newSecret();
  reply.setCookie(PRE_SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 60 * 60 * 12 });
  return await preSessionFormToken(request.server.db, id);
}

/** Throws 403 unless the login form carries the signature of its pre-session cookie's id. */
export async function checkPreSessionCsrf(request: FastifyRequest, sent: string | undefined): Promise<void> {
  const id = request.cookies[PRE_SESSION_COOKIE];
  if (!id || !PRE_SESSION_ID.test(id) || !sent || !sameSecret(sent, await preSessionFormToken(request.server.db, id))) {
    throw new HttpError(403, 'csrf', 'Formuläret saknar eller har fel säkerhetstoken (CSRF). Ladda om sidan och försök igen.');
  }
}

/** The account of a request that passed `requireAccount`. */
export function accountOf(request: FastifyRequest): Account {
  if (!request.account) throw new HttpError(401, 'login_required', 'Du måste logga in.');
  return request.account;
}

/** How the account is named in public history: the name only (the revision also keeps the user id). */
export function authorLabel(a: Account): string {
  return a.name;
}
