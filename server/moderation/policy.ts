import { z } from 'zod';
import type { CommentState, Role } from '../../db/schema.js';
import { COMMENT_ACTIONS, REASON_CODES, type CommentAction } from './reasons.js';

export { COMMENT_ACTIONS, REASON_CODES, type CommentAction, type ModerationReason } from './reasons.js';

/** Who may see a consultation's queue and act on it, in the organizations behind it. */
export const MODERATING_ROLES: readonly Role[] = ['moderator', 'official', 'admin'];

/** How long a claim keeps other moderators off an item. */
export const CLAIM_TTL_MS = 5 * 60_000;

export const MAX_NOTE_CHARS = 1000;

/**
 * Which states each action moves a comment from; the target is fixed per
 * action. An action that leaves the state as it is only answers flags:
 * approving a flagged published comment dismisses them, hiding a comment
 * that the flag threshold hid confirms it with the moderator's reason.
 */
export const TRANSITIONS: Record<CommentAction, { from: readonly CommentState[]; to: CommentState }> = {
  approve: { from: ['pending', 'hidden', 'published'], to: 'published' },
  hide: { from: ['published', 'pending', 'hidden'], to: 'hidden' },
  reject: { from: ['pending', 'hidden'], to: 'rejected' },
  restore: { from: ['hidden', 'rejected'], to: 'published' },
};

const note = z
  .string('Anteckningen måste vara text.')
  .trim()
  .max(MAX_NOTE_CHARS, `Skriv högst ${MAX_NOTE_CHARS} tecken.`)
  .transform((text) => text || null)
  .nullish();

const reason = z.enum(REASON_CODES, 'Välj ett skäl.');

export const ModerationSchema = z.object({
  action: z.enum(COMMENT_ACTIONS, 'Välj godkänn, dölj, avvisa eller återställ.'),
  reason,
  note,
});
export type ModerationInput = z.infer<typeof ModerationSchema>;

export const BlockSchema = z.object({
  reason,
  note,
  /** The comment that led to the block, so that the block shows in that consultation's log. */
  commentId: z.number('Ange kommentaren som ett id.').int().positive().nullish(),
});
export type BlockInput = z.infer<typeof BlockSchema>;

export const UnblockSchema = z.object({ reason: reason.default('other'), note });
export type UnblockInput = z.infer<typeof UnblockSchema>;
