import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openDatabase, type DbHandle } from '../../db/index.js';
import { databaseUrlFor } from './postgres.js';

/**
 * A fresh, migrated database for one test file: a copy of the golden PGlite
 * by default, or a database cloned from the migrated template when
 * DATABASE_URL points at a real Postgres.
 */
export async function createTestDatabase(): Promise<DbHandle> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dump = new Blob([readFileSync(inject('pgliteDump'))]);
    return openDatabase({ loadDataDir: dump });
  }
  const name = `samrad_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl, poolSize: 1 });
  await sql.raw(`create database ${name} template ${inject('postgresTemplate')}`).execute(admin.db);
  const database = await openDatabase({ databaseUrl: databaseUrlFor(databaseUrl, name), poolSize: 10 });
  return {
    ...database,
    async close() {
      await database.close();
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    },
  };
}
