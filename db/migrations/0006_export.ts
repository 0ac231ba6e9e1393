import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

// Exports page through a consultation's comments in id order (keyset
// paging, server/export/rows.ts); without this index every page would
// re-read and sort the consultation's comments.
const upStatements = [`create index comments_consultation_id_idx on comments (consultation_id, id)`];

const downStatements = [`drop index comments_consultation_id_idx`];

export async function up(db: Kysely<any>) {
  await runStatements(db, upStatements);
}

export async function down(db: Kysely<any>) {
  await runStatements(db, downStatements);
}
