import type { IncomingHttpHeaders } from 'node:http';

/**
 * The server's own origin: PUBLIC_URL when set, else the scheme and Host the
 * request reached us at.
 */
export function ownOrigin(headers: IncomingHttpHeaders, publicUrl: string | undefined, encrypted = false) {
  if (publicUrl) return new URL(publicUrl).origin;
  const host = headers.host;
  if (!host) return undefined;
  return `${encrypted ? 'https' : 'http'}://${host}`;
}

export function isSameOrigin(headers: IncomingHttpHeaders, publicUrl: string | undefined, encrypted = false) {
  const origin = headers.origin;
  if (!origin) return false;
  return origin === ownOrigin(headers, publicUrl, encrypted);
}
