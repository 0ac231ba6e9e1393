import type { Route } from './+types/moderation.claim';
import { apiRoute, idParam, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { claimItem, releaseClaim } from '../../../server/moderation/claims';

/** POST takes an item of the queue for five minutes; DELETE gives it back. */
export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  const { request, params } = args;
  if (request.method !== 'POST' && request.method !== 'DELETE') return methodNotAllowed(args);
  const id = idParam(params.id);
  const account = await requireAccount(services, request);
  if (request.method === 'DELETE') {
    await releaseClaim(services.db, account, id);
    return new Response(null, { status: 204 });
  }
  return Response.json({ claim: await claimItem(services.db, account, id) });
});

export const loader = methodNotAllowed;
