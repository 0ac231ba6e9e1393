import type { Redis } from 'ioredis';
import { AppError } from '../http/errors.js';

export interface Limit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts one hit on key; throws a 429 AppError when the limit is passed. */
  hit(key: string, limit: Limit): Promise<void>;
}

export const LIMITS = {
  loginPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  loginPerIp: { limit: 50, windowMs: 15 * 60_000 },
  registerPerIp: { limit: 20, windowMs: 60 * 60_000 },
  // Writing comments (and editing them); an IP may be a whole school or office.
  commentsPerUser: { limit: 10, windowMs: 60_000 },
  commentsPerIp: { limit: 60, windowMs: 60_000 },
  // Support, unsupport and withdraw.
  reactionsPerUser: { limit: 60, windowMs: 60_000 },
  reactionsPerIp: { limit: 300, windowMs: 60_000 },
  flagsPerUser: { limit: 20, windowMs: 60 * 60_000 },
  flagsPerIp: { limit: 100, windowMs: 60 * 60_000 },
  // Votes per user only: a whole meeting hall may share one address.
  votesPerUser: { limit: 30, windowMs: 60_000 },
} satisfies Record<string, Limit>;

function tooMany(retryAfterMs: number) {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(429, 'rate_limited', `För många försök. Vänta ${seconds} sekunder och försök igen.`, undefined, {
    'Retry-After': String(seconds),
  });
}

/** Fixed windows in this process's memory: the embedded default. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, { limit, windowMs }: Limit) {
    const now = Date.now();
    if (this.#windows.size > 10_000) this.#sweep(now);
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.#windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit) throw tooMany(window.resetAt - now);
  }

  #sweep(now: number) {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}

/** Fixed windows in Redis, shared by every node. */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: Redis) {}

  async hit(key: string, { limit, windowMs }: Limit) {
    const redisKey = `samrad:ratelimit:${key}`;
    const [[, count], [, ttl]] = (await this.redis
      .multi()
      .incr(redisKey)
      .pttl(redisKey)
      .exec()) as [[null, number], [null, number]];
    if (ttl < 0) await this.redis.pexpire(redisKey, windowMs);
    if (count > limit) throw tooMany(ttl > 0 ? ttl : windowMs);
  }
}

export const noRateLimits: RateLimiter = { hit: async () => {} };
