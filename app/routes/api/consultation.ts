import type { Route } from './+types/consultation';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { UpdateConsultationSchema, updateConsultation } from '../../../server/consultations/manage';
import { getConsultation } from '../../../server/consultations/queries';
import { parseJson } from '../../../server/http/json';

export const loader = apiRoute<Route.LoaderArgs>(async ({ params }, services) => {
  return Response.json({ consultation: await getConsultation(services.db, params.slug) });
});

/** Officials edit, change the status and publish feedback; see server/consultations/manage.ts. */
export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  if (args.request.method !== 'PATCH') return methodNotAllowed(args);
  const account = await requireAccount(services, args.request);
  const changes = await parseJson(args.request, UpdateConsultationSchema);
  return Response.json({ consultation: await updateConsultation(services.db, account, args.params.slug, changes) });
});
