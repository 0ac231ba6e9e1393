import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { spawnServer } from '../../support/server-process.js';

export interface App {
  url: string;
  dataDir: string;
  /** What the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The built server as `npm start` runs it, in its own process, on a free
 * port, with a fresh embedded database holding the demo data.
 */
export async function startApp(env: Record<string, string> = {}): Promise<App> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'samrad-e2e-'));
  const server = await spawnServer({ DATA_DIR: dataDir, SAMRAD_BUILD_DIR: inject('e2eBuildDir'), RATE_LIMITS: 'off', ...env });
  return {
    url: server.url,
    dataDir,
    output: server.output,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
