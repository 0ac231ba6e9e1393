import type { Route } from './+types/theme';
import { apiRoute, idParam, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { parseJson } from '../../../server/http/json';
import { ThemeChangesSchema, deleteTheme, updateTheme } from '../../../server/themes/themes';

export const loader = methodNotAllowed;

/** PATCH renames or describes a theme; DELETE removes it and its tags. */
export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  const { request, params } = args;
  if (request.method !== 'PATCH' && request.method !== 'DELETE') return methodNotAllowed(args);
  const account = await requireAccount(services, request);
  const themeId = idParam(params.id);
  if (request.method === 'DELETE') {
    await deleteTheme(services.db, account, themeId);
    return new Response(null, { status: 204 });
  }
  const changes = await parseJson(request, ThemeChangesSchema);
  return Response.json({ theme: await updateTheme(services.db, account, themeId, changes) });
});
