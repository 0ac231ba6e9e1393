import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/index.js';
import { migrateToLatest } from '../../db/migrate.js';
import { databaseUrlFor } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    buildDir: string;
    /** PGlite: a migrated data directory dump to load per test file. */
    pgliteDump: string;
    /** Postgres: a migrated template database to copy per test file. */
    postgresTemplate: string;
  }
}

// Once per run: build the app the tests serve, and migrate one golden
// database that every test file copies instead of migrating again.
export default async function setup(project: TestProject) {
  const workDir = mkdtempSync(path.join(tmpdir(), 'samrad-test-'));
  // Inside the project, so that the build's bare imports find node_modules.
  const buildDir = path.resolve('node_modules/.cache/samrad-test', `build-${process.pid}`);
  execFileSync('npx', ['react-router', 'build'], { env: { ...process.env, NODE_ENV: 'production', SAMRAD_BUILD_DIR: buildDir }, stdio: 'pipe' });
  project.provide('buildDir', buildDir);

  const databaseUrl = process.env.DATABASE_URL;
  let dropTemplate: (() => Promise<void>) | undefined;
  if (databaseUrl) {
    const template = `samrad_test_template_${process.pid}`;
    const admin = await openDatabase({ databaseUrl, poolSize: 1 });
    await sql.raw(`drop database if exists ${template}`).execute(admin.db);
    await sql.raw(`create database ${template}`).execute(admin.db);
    const database = await openDatabase({ databaseUrl: databaseUrlFor(databaseUrl, template), poolSize: 1 });
    await migrateToLatest(database.db);
    await database.close();
    project.provide('postgresTemplate', template);
    project.provide('pgliteDump', '');
    dropTemplate = async () => {
      await sql.raw(`drop database if exists ${template} with (force)`).execute(admin.db);
      await admin.close();
    };
  } else {
    const database = await openDatabase({});
    await migrateToLatest(database.db);
    const dump = await database.pglite!.dumpDataDir('none');
    await database.close();
    const dumpFile = path.join(workDir, 'golden.tar');
    writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteDump', dumpFile);
    project.provide('postgresTemplate', '');
  }

  return async () => {
    await dropTemplate?.();
    rmSync(workDir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  };
}
