import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { DbHandle } from '../../db/index.js';
import type { Config } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/index.js';
import { createTestDatabase } from './db.js';

// Servers on one database share live rooms; test servers of other files on the same Redis stay apart.
const redisPrefixes = new WeakMap<DbHandle, string>();

export interface TestServer extends RunningServer {
  database: DbHandle;
}

/**
 * The production server (same factory as `npm start`) on a free port, with
 * its own fresh database. Uses Redis when REDIS_URL is set, as CI does.
 */
export async function startTestServer(overrides: Partial<Config> & { database?: DbHandle } = {}): Promise<TestServer> {
  const { database: given, ...configOverrides } = overrides;
  const database = given ? anotherNodeOn(given) : await createTestDatabase();
  const redisPrefix = redisPrefixes.get(given ?? database) ?? `samrad-test-${randomBytes(6).toString('hex')}`;
  redisPrefixes.set(database, redisPrefix);
  const config: Config = {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    publicUrl: undefined,
    databaseUrl: undefined,
    dataDir: '/nonexistent',
    redisUrl: process.env.REDIS_URL || undefined,
    redisPrefix,
    sessionSecret: 'test-secret-test-secret-test-secret-0123',
    rateLimits: false,
    demoData: false,
    ...configOverrides,
  };
  const server = await startServer(config, { database, buildDir: inject('buildDir'), log: () => {} });
  return {
    ...server,
    database,
    async close() {
      await server.close();
      if (!given) await database.close();
    },
  };
}

/**
 * The same database seen by another server node. Events reach live rooms
 * through the Kysely instance they were written on, so each node needs its
 * own, as a separate process would have (ours has no plugins to keep).
 */
function anotherNodeOn(database: DbHandle): DbHandle {
  return { ...database, db: database.db.withoutPlugins() };
}
