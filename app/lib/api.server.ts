import type { RouterContextProvider } from 'react-router';
import { z } from 'zod';
import { currentAccount } from '../../server/auth/flows';
import type { Account } from '../../server/auth/accounts';
import { AppError, errorResponse, unauthorized } from '../../server/http/errors';
import { services } from '../context';
import type { RequestServices } from '../../server/services';

interface Args {
  request: Request;
  context: Readonly<RouterContextProvider>;
  params: Record<string, string | undefined>;
}

/**
 * Wraps an /api/v1 loader or action: domain errors become the contract's
 * JSON error, anything unexpected a JSON 500 that is logged.
 */
export function apiRoute<A extends Args>(handler: (args: A, services: RequestServices) => Promise<Response>) {
  return async (args: A): Promise<Response> => {
    try {
      return await handler(args, services(args.context));
    } catch (error) {
      if (error instanceof AppError) return errorResponse(error);
      if (error instanceof Response) return error;
      console.error(`[api] ${args.request.method} ${new URL(args.request.url).pathname}:`, error);
      return Response.json({ error: { code: 'internal', message: 'Något gick fel hos oss. Försök igen om en stund.' } }, { status: 500 });
    }
  };
}

export async function requireAccount(services: RequestServices, request: Request): Promise<Account> {
  const account = await currentAccount(services, request);
  if (!account) throw unauthorized();
  return account;
}

export const methodNotAllowed = apiRoute(async () => {
  throw new AppError(405, 'method_not_allowed', 'Metoden stöds inte för den här adressen.');
});

/** Positive integer path parameter that fits an integer column, or a 404. */
export function idParam(value: string | undefined) {
  const parsed = z.coerce.number().int().positive().max(2_147_483_647).safeParse(value);
  if (!parsed.success) throw new AppError(404, 'not_found', 'Hittades inte.');
  return parsed.data;
}

export function publicAccount(account: Account) {
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    homeMunicipality: account.homeMunicipality,
    blocked: account.blocked,
    memberships: account.memberships,
  };
}
