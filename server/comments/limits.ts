import { LIMITS } from '../ratelimit/limiter.js';
import type { RequestServices } from '../services.js';

export type CommentWrite = 'comment' | 'reaction' | 'flag';

const BUCKETS = {
  comment: { user: LIMITS.commentsPerUser, ip: LIMITS.commentsPerIp },
  reaction: { user: LIMITS.reactionsPerUser, ip: LIMITS.reactionsPerIp },
  flag: { user: LIMITS.flagsPerUser, ip: LIMITS.flagsPerIp },
} as const;

/** Counts a write against the user's and the address's limits; throws 429 past either. */
export async function limitCommentWrite(services: RequestServices, userId: number, kind: CommentWrite) {
  await services.rateLimiter.hit(`${kind}:ip:${services.clientIp}`, BUCKETS[kind].ip);
  await services.rateLimiter.hit(`${kind}:user:${userId}`, BUCKETS[kind].user);
}
