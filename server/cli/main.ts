import http from 'node:http';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../db/index.js';
import { lockDataDir, lockHolder } from '../../db/lock.js';
import { ConfigError, loadConfig } from '../config.js';
import { controlSocketPath, controlTokenPath } from '../control.js';
import { CommandError, runCommand } from './commands.js';
import { withAbsolutePaths } from './kolada.js';

async function main(argv: string[]) {
  const config = loadConfig();
  if (config.databaseUrl) {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
    try {
      return await runCommand(database.db, argv);
    } finally {
      await database.close();
    }
  }
  const serverPid = lockHolder(config.dataDir);
  if (serverPid) return sendToServer(config.dataDir, serverPid, withAbsolutePaths(argv));
  const release = lockDataDir(config.dataDir);
  const database = await openDatabase({ dataDir: config.dataDir });
  try {
    return await runCommand(database.db, argv);
  } finally {
    await database.close();
    release();
  }
}

/** The running server owns the embedded database: ask it to run the command. */
function sendToServer(dataDir: string, pid: number, argv: string[]): Promise<string> {
  let token: string;
  try {
    token = readFileSync(controlTokenPath(dataDir), 'utf8');
  } catch {
    throw new CommandError(`Samråd (pid ${pid}) holds ${dataDir} but offers no command channel. Stop it and run the command again.`);
  }
  const body = JSON.stringify({ argv });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath: controlSocketPath(dataDir),
        path: '/command',
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      async (res) => {
        let text = '';
        for await (const chunk of res) text += chunk;
        const answer = JSON.parse(text) as { output?: string; error?: string };
        if (res.statusCode === 200) resolve(`${answer.output} (run by the server, pid ${pid})`);
        else reject(new CommandError(answer.error ?? `The server answered ${res.statusCode}.`));
      },
    );
    req.on('error', (error) => reject(new CommandError(`Could not reach the running server (pid ${pid}): ${error.message}`)));
    req.end(body);
  });
}

// Exit explicitly once the command is done: PGlite closed within a few
// milliseconds of opening can leave the event loop waiting for nothing.
main(process.argv.slice(2)).then(
  (output) => {
    console.log(output);
    process.exit(0);
  },
  (error) => {
    const known = error instanceof CommandError || error instanceof ConfigError;
    console.error(known ? error.message : error);
    process.exit(known ? 2 : 1);
  },
);
