import type { Route } from './+types/consultation.moderation-log';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { validate } from '../../../server/http/json';
import { LogQuerySchema, moderationLog } from '../../../server/moderation/log';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request, params }, services) => {
  const account = await requireAccount(services, request);
  const query = validate(LogQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await moderationLog(services.db, account, params.slug, query));
});

export const action = methodNotAllowed;
