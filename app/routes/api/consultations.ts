import type { Route } from './+types/consultations';
import { apiRoute, methodNotAllowed } from '../../lib/api.server';
import { ListFilterSchema, listConsultations } from '../../../server/consultations/queries';
import { validate } from '../../../server/http/json';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request }, services) => {
  const filter = validate(ListFilterSchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ consultations: await listConsultations(services.db, filter) });
});

export const action = methodNotAllowed;
