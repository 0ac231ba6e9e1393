import type { Route } from './+types/consultation';
import { apiRoute, methodNotAllowed } from '../../lib/api.server';
import { getConsultation } from '../../../server/consultations/queries';

export const loader = apiRoute<Route.LoaderArgs>(async ({ params }, services) => {
  return Response.json({ consultation: await getConsultation(services.db, params.slug) });
});

export const action = methodNotAllowed;
