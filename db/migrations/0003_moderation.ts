import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

// The moderation queue (server/moderation/). A claim marks that one moderator
// is handling a comment so that another does not; it lapses at expires_at and
// is replaced rather than kept (the log of what was done is moderation_actions).
// published_at records the first publication, whoever caused it (the comment
// capability in post-moderation, a moderator's approval in pre-moderation), so
// that live clients get `comment:created` exactly once per comment.
const upStatements = [
  `create table moderation_claims (
     comment_id integer primary key references comments (id),
     moderator_id integer not null references users (id),
     claimed_at timestamptz not null default now(),
     expires_at timestamptz not null
   )`,

  `alter table comments add column published_at timestamptz`,
  `update comments set published_at = created_at where state = 'published'`,
  `create function mark_first_publication() returns trigger language plpgsql as $$
   begin
     if new.state = 'published' and new.published_at is null then
       new.published_at := now();
     end if;
     return new;
   end $$`,
  `create trigger comments_first_publication before insert or update of state on comments
     for each row execute function mark_first_publication()`,

  `create index comments_pending_idx on comments (consultation_id, created_at, id) where state = 'pending'`,
  `create index flags_open_idx on flags (comment_id) where resolved_at is null`,
  `create index moderation_actions_user_idx on moderation_actions (user_id, id) where user_id is not null`,
];

const downStatements = [
  `drop index moderation_actions_user_idx`,
  `drop index flags_open_idx`,
  `drop index comments_pending_idx`,
  `drop trigger comments_first_publication on comments`,
  `drop function mark_first_publication()`,
  `alter table comments drop column published_at`,
  `drop table moderation_claims`,
];

export async function up(db: Kysely<any>) {
  await runStatements(db, upStatements);
}

export async function down(db: Kysely<any>) {
  await runStatements(db, downStatements);
}
