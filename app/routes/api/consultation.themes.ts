import type { Route } from './+types/consultation.themes';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { parseJson } from '../../../server/http/json';
import { ThemeSchema, createTheme, listThemes } from '../../../server/themes/themes';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request, params }, services) => {
  const account = await requireAccount(services, request);
  return Response.json({ themes: await listThemes(services.db, account, params.slug) });
});

export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  if (args.request.method !== 'POST') return methodNotAllowed(args);
  const account = await requireAccount(services, args.request);
  const input = await parseJson(args.request, ThemeSchema);
  return Response.json({ theme: await createTheme(services.db, account, args.params.slug, input) }, { status: 201 });
});
