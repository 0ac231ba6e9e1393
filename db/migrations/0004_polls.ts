import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

// Live polls (issue 5). A single-choice ballot may hold one option at most:
// each vote row carries its poll's kind, checked against the poll by a
// foreign key, and a partial unique index allows one row per ballot when the
// kind is 'single'. That holds under any concurrency, without a trigger.
const upStatements = [
  `alter table polls add constraint polls_id_kind_key unique (id, kind)`,
  `alter table polls add constraint polls_schedule_order check (closes_at is null or opens_at is null or closes_at > opens_at)`,
  `create index polls_opens_idx on polls (opens_at) where status = 'draft'`,
  `create index polls_closes_idx on polls (closes_at) where status = 'open'`,

  `alter table poll_votes add column poll_kind text`,
  `update poll_votes v set poll_kind = p.kind from polls p where p.id = v.poll_id`,
  `alter table poll_votes alter column poll_kind set not null`,
  `alter table poll_votes add constraint poll_votes_poll_kind_fkey foreign key (poll_id, poll_kind) references polls (id, kind)`,
  `create unique index poll_votes_single_choice on poll_votes (ballot_id) where poll_kind = 'single'`,

  // The "other" free text is screened like a comment; what the filters hold
  // is kept here so that officials see why an answer needs care.
  `alter table poll_ballots add column other_held_by text[] not null default '{}'`,
  `alter table poll_ballots add constraint poll_ballots_other_text_length check (char_length(other_text) between 1 and 500)`,
];

const downStatements = [
  `alter table poll_ballots drop constraint poll_ballots_other_text_length`,
  `alter table poll_ballots drop column other_held_by`,
  `drop index poll_votes_single_choice`,
  `alter table poll_votes drop constraint poll_votes_poll_kind_fkey`,
  `alter table poll_votes drop column poll_kind`,
  `drop index polls_closes_idx`,
  `drop index polls_opens_idx`,
  `alter table polls drop constraint polls_schedule_order`,
  `alter table polls drop constraint polls_id_kind_key`,
];

export async function up(db: Kysely<any>) {
  await runStatements(db, upStatements);
}

export async function down(db: Kysely<any>) {
  await runStatements(db, downStatements);
}
