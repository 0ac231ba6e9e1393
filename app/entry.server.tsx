import { PassThrough } from 'node:stream';
import { createReadableStreamFromReadable } from '@react-router/node';
import { renderToPipeableStream } from 'react-dom/server';
import { RouterContextProvider, ServerRouter, type EntryContext } from 'react-router';
import type { RequestServices } from '../server/services';
import { servicesContext } from './context';

/**
 * The server entry builds each request's context through the app build, so
 * that the context key and RouterContextProvider are the app's own copies
 * (the server runs outside the app's bundle and module graph).
 */
export function createLoadContext(services: RequestServices) {
  return new RouterContextProvider(new Map([[servicesContext, services]]));
}

/** React Router's request handler from the app's own copy too, for server/http/request-handler.ts. */
export { createRequestHandler } from 'react-router';

const RENDER_TIMEOUT_MS = 5_000;

export default function handleRequest(request: Request, status: number, headers: Headers, routerContext: EntryContext) {
  if (request.method.toUpperCase() === 'HEAD') return new Response(null, { status, headers });

  // Pages are rendered whole before they are sent: they must read well
  // without JavaScript, and they are small.
  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<ServerRouter context={routerContext} url={request.url} />, {
      onAllReady() {
        const body = new PassThrough();
        headers.set('Content-Type', 'text/html; charset=utf-8');
        resolve(new Response(createReadableStreamFromReadable(body), { status, headers }));
        pipe(body);
      },
      onShellError: reject,
      onError(error) {
        status = 500;
        console.error(error);
      },
    });
    setTimeout(abort, RENDER_TIMEOUT_MS).unref();
  });
}
