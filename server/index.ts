import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { Redis } from 'ioredis';
import type { RouterContextProvider, ServerBuild } from 'react-router';
import type { ViteDevServer } from 'vite';
import { openDatabase, type DbHandle } from '../db/index.js';
import { lockDataDir } from '../db/lock.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoIfEmpty } from '../db/seed/demo.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startControlChannel } from './control.js';
import { csrfGuard } from './http/csrf.js';
import { createRequestHandler } from './http/request-handler.js';
import { MemoryRateLimiter, RedisRateLimiter, noRateLimits } from './ratelimit/limiter.js';
import { createRealtime, type Realtime } from './realtime/server.js';
import { secureCookies, type RequestServices, type Services } from './services.js';
import { scheduledJobs, startScheduler } from './scheduler.js';

export interface StartOptions {
  /** A database opened by the caller (tests); otherwise one is opened from the config. */
  database?: DbHandle;
  /** Where `react-router build` wrote its output. */
  buildDir?: string;
  /** Serve through Vite's dev server with hot reload instead of a build. */
  dev?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  realtime: Realtime;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const cleanup: Array<() => Promise<void> | void> = [];
  const runCleanup = async () => {
    for (const step of cleanup.reverse()) await step();
  };

  try {
    let database = options.database;
    if (!database) {
      if (!config.databaseUrl) cleanup.push(lockDataDir(config.dataDir));
      database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
      const opened = database;
      cleanup.push(() => opened.close());
    }
    const { db, kind: dbKind } = database;
    await migrateToLatest(db);
    if (config.demoData && dbKind === 'pglite' && (await seedDemoIfEmpty(db))) log('Demo data added.');
    const scheduler = startScheduler(db, scheduledJobs);
    cleanup.push(() => scheduler.stop());

    let redis: Redis | undefined;
    if (config.redisUrl) {
      const client = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
      client.on('error', (error) => console.error('[redis]', error.message));
      await client.connect();
      redis = client;
      cleanup.push(() => client.quit().then(() => {}, () => {}));
    }
    if (!config.rateLimits) log('Warning: RATE_LIMITS=off, rate limiting is disabled.');

    const services: Services = {
      db,
      dbKind,
      realtimeKind: redis ? 'redis' : 'memory',
      rateLimiter: !config.rateLimits ? noRateLimits : redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter(),
      sessionSecret: config.sessionSecret,
      secureCookies: secureCookies(config),
      publicUrl: config.publicUrl,
    };

    const app = express();
    app.disable('x-powered-by');
    const httpServer = http.createServer(app);
    // Longer than the idle timeouts of proxies and HTTP clients, so that the
    // server never closes a kept-alive connection just as a request reuses it.
    httpServer.keepAliveTimeout = 65_000;
    httpServer.headersTimeout = 66_000;
    app.use((_req, res, next) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Referrer-Policy', 'same-origin');
      next();
    });
    app.get('/healthz', (_req, res) => {
      res.json({ ok: true, db: services.dbKind, realtime: services.realtimeKind });
    });
    app.use(csrfGuard(config.publicUrl));

    const handler = await requestHandler(app, httpServer, options, cleanup, services);
    app.use(handler);

    const realtime = await createRealtime(httpServer, {
      db,
      sessionSecret: config.sessionSecret,
      publicUrl: config.publicUrl,
      redis,
      redisPrefix: config.redisPrefix,
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    // Stop accepting first, then close the live sockets, then let in-flight
    // requests finish; the database closes after (earlier in the stack).
    cleanup.push(async () => {
      const requestsDone = closeHttp(httpServer);
      await realtime.close();
      await requestsDone;
    });
    const { port } = httpServer.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    const url = config.publicUrl ?? `http://${host}:${port}`;

    if (dbKind === 'pglite' && !options.database) {
      const control = await startControlChannel(config.dataDir, db);
      cleanup.push(() => control.close());
    }

    let closing: Promise<void> | undefined;
    return { url, port, services, realtime, close: () => (closing ??= runCleanup()) };
  } catch (error) {
    await runCleanup();
    throw error;
  }
}

type Cleanup = Array<() => Promise<void> | void>;

async function requestHandler(app: express.Express, httpServer: http.Server, options: StartOptions, cleanup: Cleanup, services: Services) {
  const getLoadContext = (build: ServerBuild) => (req: express.Request) => {
    const { createLoadContext } = build.entry.module as unknown as { createLoadContext: (s: RequestServices) => RouterContextProvider };
    return createLoadContext({ ...services, clientIp: req.socket.remoteAddress ?? 'unknown' });
  };

  if (options.dev) {
    const vite: ViteDevServer = await (await import('vite')).createServer({
      server: { middlewareMode: true, hmr: { server: httpServer } },
      appType: 'custom',
    });
    cleanup.push(() => vite.close());
    app.use(vite.middlewares);
    let current: { build: ServerBuild; handle: express.RequestHandler } | undefined;
    return (async (req, res, next) => {
      try {
        const build = (await vite.ssrLoadModule('virtual:react-router/server-build')) as ServerBuild;
        if (current?.build !== build) {
          current = { build, handle: createRequestHandler({ build, mode: 'development', getLoadContext: getLoadContext(build) }) };
        }
        await current.handle(req, res, next);
      } catch (error) {
        next(error);
      }
    }) satisfies express.RequestHandler;
  }

  const buildDir = path.resolve(options.buildDir ?? 'build');
  const serverEntry = path.join(buildDir, 'server', 'index.js');
  if (!existsSync(serverEntry)) throw new Error(`No build at ${buildDir}: run \`npm run build\` first.`);
  const build = (await import(pathToFileURL(serverEntry).href)) as ServerBuild;
  app.use('/assets', express.static(path.join(buildDir, 'client', 'assets'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(path.join(buildDir, 'client'), { maxAge: '1h' }));
  return createRequestHandler({ build, mode: 'production', getLoadContext: getLoadContext(build) });
}

function closeHttp(server: http.Server) {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  });
}

export async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const dev = process.argv.includes('--dev');
  const server = await startServer(config, { dev, buildDir: process.env.SAMRAD_BUILD_DIR });
  printWelcome(server.url, config, server.services);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down…`);
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function printWelcome(url: string, config: Config, services: Services) {
  const lines = [
    `Samråd is running at ${url}`,
    `  database: ${services.dbKind === 'pglite' ? `PGlite in ${config.dataDir}` : 'Postgres (DATABASE_URL)'}`,
    `  realtime: ${services.realtimeKind === 'redis' ? 'Redis (REDIS_URL)' : 'in memory'}`,
  ];
  if (services.dbKind === 'pglite') {
    lines.push('Demo logins (password: samrad-demo-2026):');
    lines.push('  tjansteperson@arboga.example  (official, Arboga, Köping, Kungsör)');
    lines.push('  moderator@arboga.example      (moderator, Arboga, Köping, Kungsör)');
    lines.push('  medborgare@example.se         (citizen)');
  }
  console.log(lines.join('\n'));
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('server', 'index.ts'))) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
