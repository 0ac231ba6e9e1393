import type { Route } from './+types/user.block';
import { apiRoute, idParam, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { parseJson } from '../../../server/http/json';
import { blockUser, unblockUser } from '../../../server/moderation/blocks';
import { BlockSchema, UnblockSchema } from '../../../server/moderation/policy';

/** POST blocks the account ({reason, note?, commentId?}); DELETE lifts the block (body optional). */
export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  const { request, params } = args;
  if (request.method !== 'POST' && request.method !== 'DELETE') return methodNotAllowed(args);
  const id = idParam(params.id);
  const account = await requireAccount(services, request);
  if (request.method === 'DELETE') {
    const input = request.headers.get('content-type') ? await parseJson(request, UnblockSchema) : UnblockSchema.parse({});
    return Response.json({ block: await unblockUser(services.db, account, id, input) });
  }
  const input = await parseJson(request, BlockSchema);
  return Response.json({ block: await blockUser(services.db, account, id, input) });
});

export const loader = methodNotAllowed;
