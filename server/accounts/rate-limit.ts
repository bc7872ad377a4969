/**
 * Failed-login limits, per account and per address, over a sliding window. Kept in memory: one
 * server process answers every login, and a restart forgetting the counts is harmless.
 */
export interface LimitRule {
  max: number;
  windowMs: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly rule: LimitRule, private readonly now: () => number = Date.now) {}

  /** Milliseconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string): number {
    const times = this.recent(key);
    if (times.length < this.rule.max) return 0;
    return Math.max(1, times[times.length - this.rule.max]! + this.rule.windowMs - this.now());
  }

  fail(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    this.failures.set(key, times);
    if (this.failures.size > 50_000) this.sweep();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.rule.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff);
  }

  /** Forgets keys with no failure in the window, so a flood of addresses cannot grow memory forever. */
  private sweep(): void {
    for (const key of [...this.failures.keys()]) {
      const left = this.recent(key);
      if (left.length === 0) this.failures.delete(key);
      else this.failures.set(key, left);
    }
  }
}

/** 5 failures per account and 20 per address in 15 minutes. */
export const LOGIN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000 },
} as const;
