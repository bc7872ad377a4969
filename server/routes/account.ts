/** Logging in and out, the account page, password change and personal API tokens. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  activeSessionCount, changePassword, createApiToken, createSession, findLogin, listApiTokens, normaliseEmail, revokeAllSessions, revokeApiToken, revokeSession,
} from '../../db/users.js';
import {
  accountOf, checkPreSessionCsrf, preSessionToken, PRE_SESSION_COOKIE, requireAccount, SESSION_COOKIE,
} from '../auth.js';
import { dummyHash, passwordProblem, verifyPassword, hashPassword } from '../accounts/passwords.js';
import { newSecret, secretHash } from '../accounts/secrets.js';
import { accountKey, loginKeys, waitText, type Attempt } from '../accounts/rate-limit.js';
import { scopeLabel } from '../accounts/permissions.js';
import { field, type FormBody } from '../form-body.js';
import { HttpError } from '../http-errors.js';
import { idParams } from './schemas.js';

const WRONG = 'Fel e-postadress eller lösenord.';

/** What "återkalla API-nycklar" did, for the page that follows. */
function revokedText(n: number): string {
  if (n === 0) return 'Du hade inga API-nycklar att återkalla.';
  return n === 1 ? '1 API-nyckel återkallades.' : `${n} API-nycklar återkallades.`;
}

/** The API keys left working when the owner chose not to revoke them. */
function keptText(n: number): string {
  if (n === 0) return '';
  return n === 1
    ? 'Din API-nyckel fungerar fortfarande; återkalla den på kontosidan om den kan ha kommit i fel händer.'
    : `Dina ${n} API-nycklar fungerar fortfarande; återkalla dem på kontosidan om de kan ha kommit i fel händer.`;
}

/** A count passed in a redirect's query (the numbers only; the words are the server's). */
function countParam(v: string | undefined): number | null {
  return v !== undefined && /^\d{1,6}$/.test(v) ? Number(v) : null;
}

/** Verifies a password for a reserved attempt and settles the reservation; an error in scrypt counts as a failure. */
async function verifyReserved(attempt: Attempt, password: string, hash: string): Promise<boolean> {
  let ok: boolean;
  try {
    ok = await verifyPassword(password, hash);
  } catch (err) {
    attempt.failed();
    throw err;
  }
  return ok;
}

/** Only a path on this site, never "//evil.example" or "https://…". */
function localPath(next: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 500 ? next : '/konto';
}

export const accountRoutes: FastifyPluginAsync = async (app) => {
  const secure = app.config.cookieSecure;

  async function loginPage(request: FastifyRequest, reply: FastifyReply, opts: { status?: number; error?: string; notice?: string; email?: string; next?: string }) {
    return reply.code(opts.status ?? 200).page('./pages/login', {
      csrf: await preSessionToken(request, reply, secure), error: opts.error ?? null, notice: opts.notice || null, email: opts.email ?? '',
      next: localPath(opts.next ?? '/konto'),
    });
  }

  app.get<{ Querystring: { nasta?: string; utloggad?: string; aterkallade?: string; kvar?: string } }>('/logga-in', async (request, reply) => {
    if (request.account && request.session) return reply.redirect(localPath(request.query.nasta ?? '/konto'), 303);
    let notice: string | undefined;
    if (request.query.utloggad === 'overallt') {
      const revoked = countParam(request.query.aterkallade);
      const kept = countParam(request.query.kvar);
      notice = ['Du är utloggad överallt.', revoked !== null ? revokedText(revoked) : kept !== null ? keptText(kept) : ''].filter(Boolean).join(' ');
    }
    return await loginPage(request, reply, { next: request.query.nasta, notice });
  });

  app.post<{ Body: FormBody }>('/logga-in', async (request, reply) => {
    await checkPreSessionCsrf(request, field(request.body, '_csrf'));
    // Normalised as accounts store emails, so "Åsa" typed in another Unicode form or case is the same limited account.
    const email = normaliseEmail(field(request.body, 'email')).slice(0, 320);
    const password = field(request.body, 'password').slice(0, 500);
    const next = field(request.body, 'nasta');
    // Reserved before the slow verification, so parallel guesses cannot all pass a check made before any is counted.
    const reserved = await app.attempts.reserve(loginKeys(email, request.ip));
    if (!reserved.ok) {
      reply.header('retry-after', String(Math.ceil(reserved.retryAfterMs / 1000)));
      return await loginPage(request, reply, { status: 429, email, next, error: `För många misslyckade inloggningar. Försök igen om ${waitText(reserved.retryAfterMs)}.` });
    }
    const login = email ? await findLogin(app.db, email) : undefined;
    // Unknown emails cost the same scrypt time as wrong passwords, and get the same answer.
    const ok = await verifyReserved(reserved.attempt, password, login?.passwordHash ?? await dummyHash());
    if (!login || !ok || login.disabled) {
      await reserved.attempt.failed();
      return await loginPage(request, reply, { status: 401, email, next, error: WRONG });
    }
    await reserved.attempt.succeeded();
    const token = newSecret();
    await createSession(app.db, {
      tokenHash: secretHash(token), userId: login.account.id, csrfToken: newSecret(),
      address: request.ip, userAgent: request.headers['user-agent'] ?? null, ttlMs: app.config.sessionTtlMs,
    });
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: Math.floor(app.config.sessionTtlMs / 1000) });
    reply.clearCookie(PRE_SESSION_COOKIE, { path: '/' });
    return reply.redirect(login.account.mustChangePassword ? '/konto/losenord' : localPath(next || '/konto'), 303);
  });

  app.post('/logga-ut', { preHandler: requireAccount }, async (request, reply) => {
    if (request.session) await revokeSession(app.db, request.session.tokenHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  async function accountPage(request: FastifyRequest, reply: FastifyReply, extra: { newToken?: string; message?: string } = {}) {
    const a = accountOf(request);
    return reply.page('./pages/account', {
      name: a.name, email: a.email, role: a.role === 'admin' ? 'Administratör' : 'Partisekreterare', scope: scopeLabel(a),
      csrf: request.session?.csrfToken ?? '', sessions: await activeSessionCount(app.db, a.id),
      tokens: await listApiTokens(app.db, a.id), newToken: extra.newToken ?? null, message: extra.message ?? null,
    });
  }

  app.get<{ Querystring: { losenord?: string; aterkallade?: string } }>('/konto', { preHandler: requireAccount }, async (request, reply) => {
    if (!request.session) throw new HttpError(403, 'session_required', 'Kontosidan kräver inloggning i webbläsaren.');
    let message: string | undefined;
    if (request.query.losenord === 'bytt') {
      const revoked = countParam(request.query.aterkallade);
      const tokens = revoked === null ? keptText((await listApiTokens(app.db, accountOf(request).id)).length) : revokedText(revoked);
      message = ['Lösenordet är bytt och dina andra inloggningar är utloggade.', tokens].filter(Boolean).join(' ');
    }
    return await accountPage(request, reply, { message });
  });

  app.post<{ Body: FormBody }>('/konto/nycklar', { preHandler: requireAccount }, async (request, reply) => {
    if (!request.session) throw new HttpError(403, 'session_required', 'Nya API-nycklar skapas från kontosidan i webbläsaren.');
    const a = accountOf(request);
    const label = field(request.body, 'label').replace(/\s+/g, ' ').trim().slice(0, 100) || 'API-nyckel';
    const token = newSecret('spk_');
    await createApiToken(app.db, a.id, label, secretHash(token), token.slice(0, 10));
    // Shown once, on this response only; the database keeps its hash.
    reply.header('cache-control', 'no-store');
    return await accountPage(request, reply, { newToken: token, message: `Nyckeln ”${label}” är skapad.` });
  });

  app.post<{ Params: { id: number } }>('/konto/nycklar/:id/aterkalla', { preHandler: requireAccount, schema: { params: idParams } }, async (request, reply) => {
    if (!await revokeApiToken(app.db, accountOf(request).id, request.params.id)) throw new HttpError(404, 'not_found', 'Nyckeln finns inte eller är redan återkallad.');
    return reply.redirect('/konto', 303);
  });

  app.post<{ Body: FormBody }>('/konto/logga-ut-overallt', { preHandler: requireAccount }, async (request, reply) => {
    const a = accountOf(request);
    // The box is checked on the page; a post without it keeps the keys (an unchecked box sends nothing).
    const revokeTokens = field(request.body, 'revoke_tokens') !== '';
    const ended = await revokeAllSessions(app.db, a.id, { revokeTokens });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    const tokens = revokeTokens ? `aterkallade=${ended.tokens}` : `kvar=${(await listApiTokens(app.db, a.id)).length}`;
    return reply.redirect(`/logga-in?utloggad=overallt&${tokens}`, 303);
  });

  function passwordPage(request: FastifyRequest, reply: FastifyReply, status = 200, error: string | null = null) {
    const a = accountOf(request);
    return reply.code(status).page('./pages/password', { csrf: request.session?.csrfToken ?? '', mustChange: a.mustChangePassword, error });
  }

  app.get('/konto/losenord', { preHandler: requireAccount }, async (request, reply) => passwordPage(request, reply));

  app.post<{ Body: FormBody }>('/konto/losenord', { preHandler: requireAccount }, async (request, reply) => {
    const a = accountOf(request);
    if (!request.session) throw new HttpError(403, 'session_required', 'Lösenordet byts i webbläsaren.');
    // Guesses at the current password count against the account like logins (a stolen session must not be a way to guess it).
    const reserved = await app.attempts.reserve(accountKey(a.email));
    if (!reserved.ok) {
      reply.header('retry-after', String(Math.ceil(reserved.retryAfterMs / 1000)));
      return passwordPage(request, reply, 429, `För många felaktiga försök med det nuvarande lösenordet. Försök igen om ${waitText(reserved.retryAfterMs)}.`);
    }
    const current = await findLogin(app.db, a.email);
    const given = field(request.body, 'current');
    if (!current || !(await verifyReserved(reserved.attempt, given, current.passwordHash))) {
      await reserved.attempt.failed();
      return passwordPage(request, reply, 400, 'Det nuvarande lösenordet stämmer inte.');
    }
    await reserved.attempt.succeeded();
    const next = field(request.body, 'new');
    const problem = passwordProblem(next);
    if (problem) return passwordPage(request, reply, 400, problem);
    // Compared as scrypt sees them (NFC), so a one-time password cannot be "changed" to itself to clear the must-change flag.
    if (next.normalize('NFC') === given.normalize('NFC')) return passwordPage(request, reply, 400, 'Det nya lösenordet måste skilja sig från det gamla.');
    if (next !== field(request.body, 'repeat')) return passwordPage(request, reply, 400, 'De två nya lösenorden är inte lika.');
    const revokeTokens = field(request.body, 'revoke_tokens') !== '';
    const { tokensRevoked } = await changePassword(app.db, a.id, await hashPassword(next), request.session.tokenHash, { revokeTokens });
    return reply.redirect(`/konto?losenord=bytt${revokeTokens ? `&aterkallade=${tokensRevoked}` : ''}`, 303);
  });
};
