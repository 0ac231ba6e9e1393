import type { Db, DbKind } from '../db/index.js';
import type { Config } from './config.js';
import type { RateLimiter } from './ratelimit/limiter.js';

/** What loaders, actions and socket handlers are given: built once at boot. */
export interface Services {
  db: Db;
  dbKind: DbKind;
  realtimeKind: 'redis' | 'memory';
  rateLimiter: RateLimiter;
  sessionSecret: string;
  secureCookies: boolean;
  publicUrl: string | undefined;
}

/** Per request: the services plus what only the HTTP layer knows. */
export interface RequestServices extends Services {
  clientIp: string;
}

export function secureCookies(config: Pick<Config, 'env' | 'publicUrl'>) {
  return config.publicUrl ? config.publicUrl.startsWith('https://') : config.env === 'production';
}
