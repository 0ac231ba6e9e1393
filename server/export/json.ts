import type { Consultation } from '../../db/schema.js';
import { consultationFields } from '../consultations/fields.js';
import type { Dialogue } from './dialogue.js';
import type { People } from './pseudonyms.js';
import type { CommentRow, ExportScope, ModerationEntry } from './rows.js';

export interface JsonExport {
  consultation: Consultation;
  dialogue: Dialogue;
  scope: ExportScope;
  names: boolean;
  people: People;
  exportedAt: Date;
  comments: () => AsyncIterable<CommentRow[]>;
  moderation: () => AsyncIterable<ModerationEntry[]>;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The whole dialogue as one JSON document, written a page of comments at a time. */
export async function* jsonChunks(input: JsonExport): AsyncGenerator<string> {
  const { consultation: c, dialogue, scope, people } = input;
  const full = scope === 'full';
  const feedbackVisible = full || c.feedback_published_at !== null;
  const head = {
    exportedAt: input.exportedAt.toISOString(),
    scope,
    consultation: {
      ...consultationFields(c),
      feedbackMd: feedbackVisible ? c.feedback_md : null,
      feedbackPublishedAt: iso(c.feedback_published_at),
    },
    organizations: dialogue.organizations,
    topics: dialogue.topics,
    themes: dialogue.themes,
    polls: dialogue.polls,
  };
  // The head without its closing brace, so that the arrays can follow.
  yield `${JSON.stringify(head).slice(0, -1)},"comments":[`;
  let first = true;
  for await (const page of input.comments()) {
    const items = page.map((comment) => JSON.stringify(commentJson(comment, input)));
    yield (first ? '' : ',') + items.join(',');
    first = false;
  }
  yield ']';
  if (full) {
    yield ',"moderationLog":[';
    first = true;
    for await (const page of input.moderation()) {
      const items = page.map((entry) => JSON.stringify(moderationJson(entry, people, input.names)));
      yield (first ? '' : ',') + items.join(',');
      first = false;
    }
    yield ']';
  }
  yield '}\n';
}

function commentJson(comment: CommentRow, { scope, people, names }: JsonExport) {
  return {
    id: comment.id,
    parentId: comment.parentId,
    topicId: comment.topicId,
    themeIds: comment.themeIds,
    state: comment.state,
    ...(scope === 'full' ? { stateReason: comment.stateReason, heldBy: comment.heldBy } : {}),
    supportCount: comment.supportCount,
    flagCount: comment.flagCount,
    createdAt: iso(comment.createdAt),
    editedAt: iso(comment.editedAt),
    author: people.participant(comment.authorId),
    ...(names ? { authorName: people.name(comment.authorId) } : {}),
    body: comment.body,
  };
}

function moderationJson(entry: ModerationEntry, people: People, names: boolean) {
  return {
    id: entry.id,
    commentId: entry.commentId,
    action: entry.action,
    fromState: entry.fromState,
    toState: entry.toState,
    reasonCode: entry.reasonCode,
    note: entry.note,
    moderator: entry.moderatorId === null ? null : (names ? people.name(entry.moderatorId) : null) ?? people.moderator(entry.moderatorId),
    ...(entry.userId !== null ? { participant: people.participant(entry.userId) } : {}),
    createdAt: iso(entry.createdAt),
  };
}
