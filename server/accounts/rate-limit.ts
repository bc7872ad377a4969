/**
 * Limits on password guesses, per account and per address, over a sliding window.
 *
 * An attempt is *reserved* before its password is verified and settled after: the reservation
 * counts like a failure while the slow scrypt verification runs, so however many requests arrive
 * at once, at most `max` verifications per key start in the window. Reservations are rows in
 * SQLite (`db/login-attempts.ts`), taken in one synchronous transaction, so the limit is shared by
 * every server process on the database and survives a restart.
 *
 * A reservation that turns out right is removed (a success is not a failure, for the account or the
 * address), and it forgives the account's earlier, settled failures: whoever got in knows the
 * password, and the owner should not stay locked out by their own typos. Attempts still being
 * verified are not forgiven, so a success never frees room for guesses already in flight.
 */
import type { Db } from '../../db/client.js';
import { failAttempts, reserveAttempts, succeedAttempts } from '../../db/login-attempts.js';
import { secretHash } from './secrets.js';

export interface LimitRule {
  max: number;
  windowMs: number;
}

/** One thing being limited: an account (by its normalised email) or an address. */
export interface LimitedKey {
  scope: 'account' | 'address';
  key: string;
  rule: LimitRule;
  /** Whether a right password clears this key's earlier failures (accounts yes, addresses no). */
  forgiveOnSuccess: boolean;
}

/** A reserved attempt: settle it exactly once, after verifying. */
export interface Attempt {
  failed(): void;
  succeeded(): void;
}

export type Reserved = { ok: true; attempt: Attempt } | { ok: false; retryAfterMs: number };

/** What routes use; the store behind it (SQLite here) is the implementation's business. */
export interface AttemptLimiter {
  /** Reserves an attempt on every key at once, or on none when any key is full. */
  reserve(keys: LimitedKey[]): Promise<Reserved>;
}

/** 5 attempts per account and 20 per address in 15 minutes. */
export const LOGIN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000 },
} as const;

/** The keys a login is limited by. `email` must already be normalised as accounts store it. */
export function loginKeys(email: string, address: string): LimitedKey[] {
  return [
    { scope: 'account', key: email, rule: LOGIN_LIMITS.account, forgiveOnSuccess: true },
    { scope: 'address', key: address, rule: LOGIN_LIMITS.address, forgiveOnSuccess: false },
  ];
}

/** Guesses at the current password on the password page count against the account like logins do. */
export function accountKey(email: string): LimitedKey[] {
  return [{ scope: 'account', key: email, rule: LOGIN_LIMITS.account, forgiveOnSuccess: true }];
}

/** Rows older than the longest window are pruned. */
const LONGEST_WINDOW_MS = Math.max(...Object.values(LOGIN_LIMITS).map((r) => r.windowMs));

export class DatabaseAttemptLimiter implements AttemptLimiter {
  constructor(private readonly db: Db, private readonly now: () => number = Date.now) {}

  async reserve(keys: LimitedKey[]): Promise<Reserved> {
    // Keys are stored hashed: a typed email may be a password typed in the wrong field.
    const rows = keys.map((k) => ({ scope: k.scope, keyHash: secretHash(k.key), max: k.rule.max, windowMs: k.rule.windowMs }));
    const reserved = await reserveAttempts(this.db, rows, this.now(), Math.max(LONGEST_WINDOW_MS, ...rows.map((r) => r.windowMs)));
    if ('retryAfterMs' in reserved) return { ok: false, retryAfterMs: reserved.retryAfterMs };
    let settled = false;
    const once = () => {
      if (settled) throw new Error('Inloggningsförsöket är redan avgjort.');
      settled = true;
    };
    return {
      ok: true,
      attempt: {
        failed: async () => { once(); await failAttempts(this.db, reserved.ids); },
        succeeded: async () => {
          once();
          await succeedAttempts(this.db, reserved.ids, rows.filter((_, i) => keys[i]!.forgiveOnSuccess));
        },
      },
    };
  }
}

/** "15 minuter", "1 minut": how long a limited caller waits, rounded up. */
export function waitText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minut' : `${minutes} minuter`;
}
