import type { Route } from './+types/consultation.coding';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { validate } from '../../../server/http/json';
import { CodingFilterSchema, codingList } from '../../../server/themes/themes';

/** Published comments with their themes, filtered by topic, theme, untagged and support. */
export const loader = apiRoute<Route.LoaderArgs>(async ({ request, params }, services) => {
  const account = await requireAccount(services, request);
  const filter = validate(CodingFilterSchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await codingList(services.db, account, params.slug, filter));
});

export const action = methodNotAllowed;
