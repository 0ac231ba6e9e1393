import { inject } from 'vitest';
import type { DbHandle } from '../../db/index.js';
import type { Config } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/index.js';
import { createTestDatabase } from './db.js';

export interface TestServer extends RunningServer {
  database: DbHandle;
}

/**
 * The production server (same factory as `npm start`) on a free port, with
 * its own fresh database. Uses Redis when REDIS_URL is set, as CI does.
 */
export async function startTestServer(overrides: Partial<Config> & { database?: DbHandle } = {}): Promise<TestServer> {
  const { database: given, ...configOverrides } = overrides;
  const database = given ?? (await createTestDatabase());
  const config: Config = {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    publicUrl: undefined,
    databaseUrl: undefined,
    dataDir: '/nonexistent',
    redisUrl: process.env.REDIS_URL || undefined,
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
