import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Db } from '../db/index.js';
import { runCommand, CommandError } from './cli/commands.js';

// While the server holds the embedded database, the CLI cannot open it (one
// process per PGlite directory). It sends its command here instead: a Unix
// socket in DATA_DIR that only this user can reach, plus a token that only
// this user can read. See docs/decisions/0002-cli-through-the-server.md.

export const controlSocketPath = (dataDir: string) => path.join(dataDir, 'control.sock');
export const controlTokenPath = (dataDir: string) => path.join(dataDir, 'control.token');

export async function startControlChannel(dataDir: string, db: Db) {
  const socketPath = controlSocketPath(dataDir);
  const token = randomBytes(32).toString('base64url');
  writeFileSync(controlTokenPath(dataDir), token, { mode: 0o600 });
  rmSync(socketPath, { force: true });

  const server = http.createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/command') return reply(404, { error: 'not found' });
    const given = Buffer.from(req.headers.authorization?.replace(/^Bearer /, '') ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply(401, { error: 'bad token' });
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > 64 * 1024) return reply(413, { error: 'too large' });
    }
    try {
      const { argv } = JSON.parse(body) as { argv: string[] };
      reply(200, { output: await runCommand(db, argv) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      reply(error instanceof CommandError ? 400 : 500, { error: message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);

  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
        rmSync(controlTokenPath(dataDir), { force: true });
      }),
  };
}
