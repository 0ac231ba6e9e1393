import type { Route } from './+types/consultation.comments';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { currentAccount } from '../../../server/auth/flows';
import { createComment } from '../../../server/comments/create';
import { limitCommentWrite } from '../../../server/comments/limits';
import { listConsultationComments } from '../../../server/comments/list';
import { IdempotencyKeySchema, ListQuerySchema, NewCommentSchema } from '../../../server/comments/schemas';
import { toPublicComment } from '../../../server/comments/view';
import { badRequest } from '../../../server/http/errors';
import { parseJson, validate } from '../../../server/http/json';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request, params }, services) => {
  const query = validate(ListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const account = await currentAccount(services, request);
  const viewer = account ? { id: account.id } : null;
  const { comments, nextCursor } = await listConsultationComments(services.db, params.slug, query, viewer);
  return Response.json({ comments: comments.map((row) => toPublicComment(row, viewer)), nextCursor });
});

export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  const { request, params } = args;
  if (request.method !== 'POST') return methodNotAllowed(args);
  const account = await requireAccount(services, request);
  const key = IdempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? undefined);
  if (!key.success) throw badRequest(key.error.issues[0]!.message, { 'Idempotency-Key': key.error.issues[0]!.message });
  const input = await parseJson(request, NewCommentSchema);
  await limitCommentWrite(services, account.id, 'comment');
  const { comment, created } = await createComment(services.db, account, { ...input, slug: params.slug, idempotencyKey: key.data });
  return Response.json({ comment: toPublicComment(comment, account) }, { status: created ? 201 : 200 });
});
