import type { CommentState } from '../../db/schema.js';

/** How long an author may edit a comment after writing it. */
export const EDIT_WINDOW_MS = 15 * 60_000;

/** A comment as loaded by rows.ts: the row, its author's name and whom it answers. */
export interface CommentRow {
  id: number;
  consultation_id: number;
  topic_id: number;
  parent_id: number | null;
  reply_to_id: number | null;
  depth: number;
  author_id: number;
  body: string;
  state: CommentState;
  state_reason: string | null;
  held_by: string[];
  support_count: number;
  created_at: Date;
  edited_at: Date | null;
  /** When the comment was first published; null if readers never saw it. */
  published_at: Date | null;
  author_name: string;
  reply_to_author_name: string | null;
  reply_to_state: CommentState | null;
  /** Set when the rows were loaded for a signed-in viewer. */
  supported_by_viewer?: boolean;
}

export interface Viewer {
  id: number;
}

/**
 * The one JSON shape of a comment, for the API, the pages and live events.
 * Text and author are shown for published comments, and to the author for
 * their own; a withdrawn comment never shows its text. Anything else that
 * is shown at all (a hidden or withdrawn comment with replies) is a
 * placeholder with neither.
 */
export interface PublicComment {
  id: number;
  consultationId: number;
  topicId: number;
  parentId: number | null;
  depth: number;
  /** Set when a reply deeper than the thread allows was attached higher up. */
  replyTo: { id: number; authorName: string | null } | null;
  author: { id: number; displayName: string } | null;
  body: string | null;
  state: CommentState;
  /** Why a comment is hidden or rejected (a moderation reason code or `flagged`). */
  stateReason: string | null;
  supportCount: number;
  createdAt: string;
  editedAt: string | null;
  edited: boolean;
  /** Author only: the filter rules that hold the comment for review. */
  heldBy?: string[];
  /** Author only, while the comment may still be edited. */
  editableUntil?: string;
  /** Only when a signed-in viewer asked. */
  supportedByViewer?: boolean;
}

/** A top-level comment with its replies, as the consultation page shows them. */
export interface Thread {
  comment: CommentRow;
  replies: Thread[];
}

export interface PublicThread {
  comment: PublicComment;
  replies: PublicThread[];
}

const EDITABLE: readonly CommentState[] = ['published', 'pending'];

/**
 * Whether a comment readers once saw and a moderator has since taken down
 * keeps its place in the thread, as "hidden by a moderator (reason)".
 */
export function isTakenDown(row: Pick<CommentRow, 'state' | 'published_at'>) {
  return (row.state === 'hidden' || row.state === 'rejected') && row.published_at !== null;
}

/** Whether a viewer sees this comment's text (and so the comment itself, not a placeholder). */
export function isVisibleTo(row: Pick<CommentRow, 'state' | 'author_id'>, viewer: Viewer | null) {
  if (row.state === 'published') return true;
  return viewer?.id === row.author_id && row.state !== 'withdrawn';
}

export function toPublicComment(row: CommentRow, viewer: Viewer | null): PublicComment {
  const own = viewer !== null && viewer.id === row.author_id;
  const visible = isVisibleTo(row, viewer);
  const editableUntil = new Date(row.created_at.getTime() + EDIT_WINDOW_MS);
  return {
    id: row.id,
    consultationId: row.consultation_id,
    topicId: row.topic_id,
    parentId: row.parent_id,
    depth: row.depth,
    replyTo:
      row.reply_to_id === null
        ? null
        : { id: row.reply_to_id, authorName: row.reply_to_state === 'published' ? row.reply_to_author_name : null },
    author: visible || own ? { id: row.author_id, displayName: row.author_name } : null,
    body: visible ? row.body : null,
    state: row.state,
    stateReason: row.state === 'hidden' || row.state === 'rejected' ? row.state_reason : null,
    supportCount: row.support_count,
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at ? row.edited_at.toISOString() : null,
    edited: row.edited_at !== null,
    ...(own ? { heldBy: row.held_by } : {}),
    ...(own && EDITABLE.includes(row.state) && editableUntil.getTime() > Date.now()
      ? { editableUntil: editableUntil.toISOString() }
      : {}),
    ...(viewer && row.supported_by_viewer !== undefined ? { supportedByViewer: row.supported_by_viewer } : {}),
  };
}

export function toPublicThread(thread: Thread, viewer: Viewer | null): PublicThread {
  return { comment: toPublicComment(thread.comment, viewer), replies: thread.replies.map((reply) => toPublicThread(reply, viewer)) };
}
