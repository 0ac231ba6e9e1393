import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

// A draft with an opening date is not opened by that date alone: an official
// asks for it (open_on_schedule), so that a half-written draft never goes
// public because someone filled in the dates early.
const upStatements = [
  `alter table consultations add column open_on_schedule boolean not null default false`,
  `create index consultations_schedule_idx on consultations (status, opens_at) where open_on_schedule`,
];

const downStatements = [`drop index consultations_schedule_idx`, `alter table consultations drop column open_on_schedule`];

export async function up(db: Kysely<any>) {
  await runStatements(db, upStatements);
}

export async function down(db: Kysely<any>) {
  await runStatements(db, downStatements);
}
