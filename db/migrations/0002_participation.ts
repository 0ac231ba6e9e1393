import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

// Keyset pagination of comments per topic (server/comments/list.ts). The
// initial indexes cover newest and oldest first per topic (the latter by a
// backward scan) and most supported per consultation; these add most
// supported per topic, and the threads of a page, whose top-level comments
// are listed in any visible state so that a withdrawn comment with replies
// still shows as a placeholder.
const upStatements = [
  `create index comments_topic_supported_idx on comments (topic_id, state, support_count desc, id desc)`,
  `create index comments_topic_roots_new_idx on comments (topic_id, created_at desc, id desc) where depth = 0`,
  `create index comments_topic_roots_supported_idx on comments (topic_id, support_count desc, id desc) where depth = 0`,
];

const downStatements = [
  `drop index comments_topic_roots_supported_idx`,
  `drop index comments_topic_roots_new_idx`,
  `drop index comments_topic_supported_idx`,
];

export async function up(db: Kysely<any>) {
  await runStatements(db, upStatements);
}

export async function down(db: Kysely<any>) {
  await runStatements(db, downStatements);
}
