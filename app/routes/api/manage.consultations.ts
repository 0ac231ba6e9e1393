import type { Route } from './+types/manage.consultations';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { listManagedConsultations } from '../../../server/consultations/manage';

/** The consultations the signed-in official may manage, drafts included. */
export const loader = apiRoute<Route.LoaderArgs>(async ({ request }, services) => {
  const account = await requireAccount(services, request);
  return Response.json({ consultations: await listManagedConsultations(services.db, account) });
});

export const action = methodNotAllowed;
