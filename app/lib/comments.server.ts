import { randomUUID } from 'node:crypto';
import { data, redirect } from 'react-router';
import { z } from 'zod';
import type { Account } from '../../server/auth/accounts';
import { editComment, withdrawComment } from '../../server/comments/change';
import { createComment } from '../../server/comments/create';
import { flagComment } from '../../server/comments/flag';
import { limitCommentWrite } from '../../server/comments/limits';
import { listThreads } from '../../server/comments/list';
import { CommentBody, FlagSchema, IdempotencyKeySchema, SORTS, type CommentSort } from '../../server/comments/schemas';
import { supportComment, unsupportComment } from '../../server/comments/support';
import { toPublicThread, type PublicThread } from '../../server/comments/view';
import { AppError } from '../../server/http/errors';
import type { RequestServices } from '../../server/services';
import { translator, localeFromRequest } from '../i18n';
import { failure } from './forms.server';

// The consultation page's comment forms: each posts an `intent` to the
// page's action, which calls the same capabilities as /api/v1.

export const THREADS_PER_PAGE = 20;

export interface TopicComments {
  topicId: number;
  threads: PublicThread[];
  nextCursor: string | null;
  /** True when showing a later page, so the page offers a way back to the first. */
  paged: boolean;
}

export interface CommentsView {
  sort: CommentSort;
  topics: TopicComments[];
  /** Fresh per page view: each form's Idempotency-Key derives from it, so a form sent twice makes one comment. */
  formKey: string;
}

export async function loadComments(
  services: RequestServices,
  topicIds: number[],
  account: Account | undefined,
  url: URL,
): Promise<CommentsView> {
  const sort = z.enum(SORTS).catch('new').parse(url.searchParams.get('sort') ?? undefined);
  const pagedTopic = Number(url.searchParams.get('topic'));
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const viewer = account ? { id: account.id } : null;
  const topics = await Promise.all(
    topicIds.map(async (topicId) => {
      const options = { topicId, sort, limit: THREADS_PER_PAGE, viewer };
      const from = topicId === pagedTopic ? cursor : undefined;
      const result = await listThreads(services.db, { ...options, cursor: from }).catch((error: unknown) => {
        // A stale or hand-edited cursor shows the first page rather than an error.
        if (error instanceof AppError && from) return listThreads(services.db, options);
        throw error;
      });
      return {
        topicId,
        threads: result.threads.map((thread) => toPublicThread(thread, viewer)),
        nextCursor: result.nextCursor,
        paged: from !== undefined,
      };
    }),
  );
  return { sort, topics, formKey: randomUUID() };
}

export interface CommentActionResult {
  ok: boolean;
  /** Which form answered: topic-<id>, reply-<id>, edit-<id>, withdraw-<id>, support-<id> or flag-<id>. */
  form: string;
  message: string;
  fields: Record<string, string>;
  values: { body?: string; reason?: string; note?: string };
}

const positiveId = z.coerce.number().int().positive();
const optionalId = z.preprocess((value) => (value === '' ? undefined : value), positiveId.optional());
const CommentForm = z.object({ topicId: positiveId, parentId: optionalId, body: CommentBody, idempotencyKey: IdempotencyKeySchema });
const CommentIdForm = z.object({ commentId: positiveId });
const EditForm = CommentIdForm.extend({ body: CommentBody });
const FlagForm = CommentIdForm.extend({ reason: FlagSchema.shape.reason, note: FlagSchema.shape.note });

/** Handles one comment form post; redirects back to the comment on success (post/redirect/get). */
export async function commentAction(services: RequestServices, request: Request, slug: string, account: Account | undefined) {
  const url = new URL(request.url);
  const formData = await request.formData();
  const fields = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const intent = fields.intent ?? '';
  const form = formName(intent, fields);
  const values = { body: fields.body, reason: fields.reason, note: fields.note };
  const back = (commentId: number) => redirect(`${url.pathname}${url.search}#comment-${commentId}`);
  if (!account) throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);

  try {
    switch (intent) {
      case 'comment': {
        const input = CommentForm.parse(fields);
        await limitCommentWrite(services, account.id, 'comment');
        const { comment } = await createComment(services.db, account, { ...input, slug });
        return back(comment.id);
      }
      case 'edit': {
        const input = EditForm.parse(fields);
        await limitCommentWrite(services, account.id, 'comment');
        return back((await editComment(services.db, account, input.commentId, input)).id);
      }
      case 'withdraw': {
        const { commentId } = CommentIdForm.parse(fields);
        await limitCommentWrite(services, account.id, 'reaction');
        return back((await withdrawComment(services.db, account, commentId)).id);
      }
      case 'support':
      case 'unsupport': {
        const { commentId } = CommentIdForm.parse(fields);
        await limitCommentWrite(services, account.id, 'reaction');
        const change = intent === 'support' ? supportComment : unsupportComment;
        return back((await change(services.db, account, commentId)).id);
      }
      case 'flag': {
        const input = FlagForm.parse(fields);
        await limitCommentWrite(services, account.id, 'flag');
        await flagComment(services.db, account, input.commentId, input);
        const message = translator(localeFromRequest(request))('comments.flag.thanks');
        return data<CommentActionResult>({ ok: true, form, message, fields: {}, values: {} });
      }
      default:
        throw new AppError(400, 'invalid_input', 'Okänd åtgärd.');
    }
  } catch (error) {
    if (error instanceof z.ZodError || error instanceof AppError) {
      const result: CommentActionResult = { ...failure(error, values), form };
      return data(result, { status: error instanceof AppError ? error.status : 400, headers: error instanceof AppError ? error.headers : undefined });
    }
    throw error;
  }
}

function formName(intent: string, fields: Record<string, string>) {
  if (intent === 'comment') return fields.parentId ? `reply-${fields.parentId}` : `topic-${fields.topicId}`;
  if (intent === 'unsupport') return `support-${fields.commentId}`;
  return `${intent}-${fields.commentId}`;
}
