import type { RequestHandler } from 'express';
import { AppError, errorBody } from './errors.js';
import { isSameOrigin } from './origin.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request must come from our own pages: browsers send
 * Origin on every POST, PUT, PATCH and DELETE, so a missing or foreign one
 * is refused. React Router checks its page actions too, but not resource
 * routes, so this guards /api/v1 as well.
 */
export function csrfGuard(publicUrl: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || req.path.startsWith('/socket.io/')) return next();
    if (isSameOrigin(req.headers, publicUrl, req.secure)) return next();
    const error = new AppError(403, 'csrf', 'Begäran kom inte från Samråds egen webbplats och avvisades.');
    if (req.path.startsWith('/api/')) {
      res.status(403).json(errorBody(error));
    } else {
      res.status(403).type('text/plain; charset=utf-8').send(error.message);
    }
  };
}
