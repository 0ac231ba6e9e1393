import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial.js';
import * as participation from './0002_participation.js';
import * as moderation from './0003_moderation.js';
import * as polls from './0004_polls.js';
import * as management from './0005_management.js';
import * as exportIndexes from './0006_export.js';

// A static list rather than FileMigrationProvider: the server may run from a
// bundle where migration files are not on disk under their names.
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_participation': participation,
  '0003_moderation': moderation,
  '0004_polls': polls,
  '0005_management': management,
  '0006_export': exportIndexes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
