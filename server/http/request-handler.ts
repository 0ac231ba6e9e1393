import { createReadableStreamFromReadable } from '@react-router/node';
import type express from 'express';
import type { createRequestHandler as ReactRouterHandler, ServerBuild } from 'react-router';

// @react-router/express, with one change: the response body is written
// without retaining what was written. The adapter of 7.18 races every read
// against one promise that lives as long as the response, and V8 keeps each
// race's result (the chunk) until that promise settles, so a streamed export
// of 30 MB held 30 MB until its last byte (remix-run/react-router#15247,
// fixed only in v8, which needs Node 22). See docs/decisions/0006-response-writer.md.

export interface HandlerOptions {
  build: ServerBuild;
  mode?: string;
  getLoadContext?: (req: express.Request, res: express.Response) => unknown;
}

export function createRequestHandler({ build, mode, getLoadContext }: HandlerOptions): express.RequestHandler {
  // From the app build (app/entry.server.tsx), like createLoadContext: the
  // handler must be the same copy of React Router as the context it is given.
  const entry = build.entry.module as unknown as { createRequestHandler: typeof ReactRouterHandler };
  const handleRequest = entry.createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const request = toRequest(req, res);
      const loadContext = await getLoadContext?.(req, res);
      const response = await handleRequest(request, loadContext as Parameters<typeof handleRequest>[1]);
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function toRequest(req: express.Request, res: express.Response) {
  const [, forwardedPort] = req.app?.enabled('trust proxy') ? (req.get('X-Forwarded-Host')?.split(':') ?? []) : [];
  const [, hostPort] = req.get('host')?.split(':') ?? [];
  const port = [forwardedPort, hostPort].map((p) => Number.parseInt(p ?? '', 10)).find(Number.isSafeInteger);
  const hostname = req.hostname.split(/[\\/?#@]/)[0] || 'localhost';
  const url = new URL(`${req.protocol}://${hostname}${port ? `:${port}` : ''}${req.originalUrl}`);

  let controller: AbortController | null = new AbortController();
  res.on('finish', () => (controller = null));
  res.on('close', () => controller?.abort());

  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else if (values) headers.set(key, values);
  }
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = 'half';
  }
  return new Request(url.href, init);
}

export async function sendResponse(res: express.Response, response: Response) {
  if (res.destroyed || res.writableEnded) {
    await response.body?.cancel();
    return;
  }
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await untilClosed(res, reader.read());
      if (done) break;
      if (!res.write(value)) await untilClosed(res, drain(res));
    }
    res.end();
  } catch (error) {
    // As the adapter does: stop the body, and cut the response short if the
    // body failed (the status line has gone; the client sees a broken download).
    await reader.cancel(error instanceof ClientGone ? undefined : error).catch(() => {});
    if (!(error instanceof ClientGone)) res.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    reader.releaseLock();
  }
}

class ClientGone extends Error {}

/**
 * The promise, or a ClientGone rejection if the response closes first. Each
 * wait has its own listener, removed when it settles, so nothing outlives it.
 */
function untilClosed<T>(res: express.Response, promise: Promise<T>): Promise<T> {
  if (res.destroyed) return Promise.reject(new ClientGone('the client went away'));
  return new Promise<T>((resolve, reject) => {
    const onClose = () => reject(new ClientGone('the client went away'));
    res.once('close', onClose);
    promise.then(
      (value) => {
        res.off('close', onClose);
        resolve(value);
      },
      (error: unknown) => {
        res.off('close', onClose);
        reject(error);
      },
    );
  });
}

const drain = (res: express.Response) => new Promise<void>((resolve) => res.once('drain', resolve));
