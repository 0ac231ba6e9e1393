const BRAND = Symbol.for('samrad.AppError');

/** A failure the caller can act on: a stable code, a status and a Swedish message. */
export class AppError extends Error {
  // The server entry and the app build each carry a copy of this module, and
  // an error thrown by one (say, the rate limiter) is caught by the other:
  // instanceof checks the brand, not the class object.
  static override [Symbol.hasInstance](value: unknown) {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly [BRAND] = true;

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) =>
  new AppError(400, 'invalid_input', message, fields);
export const unauthorized = (message = 'Du behöver logga in.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'Du har inte behörighet att göra det här.') => new AppError(403, 'forbidden', message);
export const notFound = (message = 'Hittades inte.') => new AppError(404, 'not_found', message);
export const conflict = (code: string, message: string, fields?: Record<string, string>) =>
  new AppError(409, code, message, fields);

export function errorBody(error: AppError) {
  return {
    error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) },
  };
}

export function errorResponse(error: AppError) {
  return Response.json(errorBody(error), { status: error.status, headers: error.headers });
}
