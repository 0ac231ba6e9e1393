import type { Route } from './+types/consultations';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { CreateConsultationSchema, createConsultation } from '../../../server/consultations/manage';
import { ListFilterSchema, listConsultations } from '../../../server/consultations/queries';
import { parseJson, validate } from '../../../server/http/json';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request }, services) => {
  const filter = validate(ListFilterSchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ consultations: await listConsultations(services.db, filter) });
});

export const action = apiRoute<Route.ActionArgs>(async (args, services) => {
  if (args.request.method !== 'POST') return methodNotAllowed(args);
  const account = await requireAccount(services, args.request);
  const input = await parseJson(args.request, CreateConsultationSchema);
  return Response.json({ consultation: await createConsultation(services.db, account, input) }, { status: 201 });
});
