/**
 * Random secrets (session cookies, CSRF tokens, API tokens), the hash they are stored under, and
 * HMAC signatures with a server key (itself a `newSecret()`, kept in the database by
 * `db/server-secrets.ts` so every process on it signs alike).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the secret itself. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two strings without leaking where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HMAC-SHA256 of `message` under a server key, base64url: a value only the server can make. */
export function signSecret(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('base64url');
}
