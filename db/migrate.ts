import { Migrator, type MigrationResult } from 'kysely';
import type { Db } from './index.js';
import { migrationProvider } from './migrations/index.js';

export class MigrationError extends Error {
  constructor(readonly results: MigrationResult[], cause: unknown) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    super(`Migration ${failed} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw new MigrationError(results, error);
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
