import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'samrad-config-'));

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('defaults to port 3000 on 127.0.0.1, PGlite in ./data and in-memory realtime', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, redisUrl: undefined, rateLimits: true, env: 'development' });
    expect(loadConfig({}).dataDir).toBe(path.resolve('data'));
  });

  it('generates a session secret once and keeps it in DATA_DIR', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).sessionSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(first);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8')).toBe(first);
  });

  it('names every bad value and what it got', () => {
    const problems = problemsOf({ PORT: 'tre tusen', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://redis', RATE_LIMITS: 'maybe' });
    expect(problems).toContain('PORT');
    expect(problems).toContain('"tre tusen"');
    expect(problems).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
    expect(problems).toContain('REDIS_URL: must start with redis:// or rediss://');
    expect(problems).toContain('RATE_LIMITS');
  });

  it('refuses a port out of range and a short session secret', () => {
    expect(problemsOf({ PORT: '70000' })).toContain('PORT');
    expect(problemsOf({ SESSION_SECRET: 'kort' })).toContain('SESSION_SECRET: must be at least 32 characters');
  });

  it('requires SESSION_SECRET in production on a shared database', () => {
    expect(problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/samrad' })).toContain('SESSION_SECRET: required in production');
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/samrad', SESSION_SECRET: 'x'.repeat(32) });
    expect(config.sessionSecret).toBe('x'.repeat(32));
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: '', REDIS_URL: '', PUBLIC_URL: '' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.publicUrl).toBeUndefined();
  });

  it('switches rate limiting off only when asked', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), RATE_LIMITS: 'off' }).rateLimits).toBe(false);
  });
});
