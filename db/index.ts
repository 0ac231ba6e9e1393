import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbKind = 'postgres' | 'pglite';

export interface DbHandle {
  db: Db;
  kind: DbKind;
  /** The embedded database, when that is what runs. */
  pglite?: PGlite;
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;
// Counts and bigserial ids come back as numbers on both backends, and dates
// as 'YYYY-MM-DD' strings (pg would make a Date at local midnight).
const toNumber = (value: string) => Number(value);
const asText = (value: string) => value;
pg.types.setTypeParser(INT8, toNumber);
pg.types.setTypeParser(DATE, asText);

export interface OpenOptions {
  /** postgres://… ; unset means the embedded PGlite. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; unset means in memory. */
  dataDir?: string;
  /** A dump from PGlite's dumpDataDir to start from (tests). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client can be cut off (a restart, or a test dropping its
    // database); the pool replaces it, so only the unexpected is worth a line.
    pool.on('error', (error: Error & { code?: string }) => {
      if (error.code !== '57P01') console.error('[db] idle client error:', error.message);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    parsers: { [INT8]: toNumber, [DATE]: asText },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', pglite, close: () => db.destroy() };
}
