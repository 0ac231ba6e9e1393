import type { Route } from './+types/moderation.queue';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { validate } from '../../../server/http/json';
import { requireModerator } from '../../../server/moderation/access';
import { listQueue, QueueQuerySchema } from '../../../server/moderation/queue';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request }, services) => {
  const account = await requireAccount(services, request);
  const organizationIds = requireModerator(account);
  const query = validate(QueueQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ items: await listQueue(services.db, organizationIds, query) });
});

export const action = methodNotAllowed;
