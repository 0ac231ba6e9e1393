import type { Route } from './+types/consultation.export';
import { apiRoute, methodNotAllowed, requireAccount } from '../../lib/api.server';
import { requireManagement } from '../../../server/consultations/access';
import { ExportQuerySchema, exportDialogue } from '../../../server/export/export';
import { validate } from '../../../server/http/json';

export const loader = apiRoute<Route.LoaderArgs>(async ({ request, params }, services) => {
  const account = await requireAccount(services, request);
  const query = validate(ExportQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const { consultation } = await requireManagement(services.db, account, params.slug);
  const file = await exportDialogue(services.db, account, consultation, query);
  return new Response(file.body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': file.disposition,
      'Cache-Control': 'private, no-store',
    },
  });
});

export const action = methodNotAllowed;
