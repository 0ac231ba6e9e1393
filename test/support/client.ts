/**
 * A minimal HTTP client for API tests: keeps the session cookie like a
 * browser and sends our own Origin on writes, as browsers do.
 */
export class Client {
  cookie: string | undefined;

  constructor(readonly baseUrl: string) {}

  get(path: string, headers: Record<string, string> = {}) {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request('POST', path, body, headers);
  }

  patch(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request('PATCH', path, body, headers);
  }

  put(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request('PUT', path, body, headers);
  }

  delete(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request('DELETE', path, body, headers);
  }

  /** A form post, as a browser without JavaScript sends it. */
  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.raw(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    if (body === undefined) return this.raw(path, { method, headers });
    return this.raw(path, {
      method,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
  }

  async raw(path: string, init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> }) {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const method = init.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && !('origin' in headers)) headers.origin = new URL(this.baseUrl).origin;
    if (headers.origin === '') delete headers.origin;
    if (this.cookie) headers.cookie = this.cookie;
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = /Max-Age=0/.test(setCookie) ? undefined : pair;
    }
    return response;
  }
}

export async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
