import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, json } from './support/client.js';
import { startTestServer, type TestServer } from './support/server.js';
import { makeOrganization, makeUser, PASSWORD } from './factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const newEmail = () => `ny-${Math.random().toString(36).slice(2)}@example.se`;
const registration = (email = newEmail()) => ({ email, password: 'ett-bra-losenord', displayName: 'Karin Ek' });

describe('registration', () => {
  it('creates an account, answers 201 with the user and signs in with an HTTP-only cookie', async () => {
    const client = new Client(server.url);
    const email = newEmail();
    const response = await client.post('/api/v1/auth/register', registration(email));
    expect(response.status).toBe(201);
    const { user } = await json(response);
    expect(user).toMatchObject({ email, displayName: 'Karin Ek', memberships: [] });
    expect(user).not.toHaveProperty('passwordHash');
    expect(response.headers.get('set-cookie')).toMatch(/^samrad_session=[\w-]{20,}; Path=\/; HttpOnly; SameSite=Lax/);

    const me = await client.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect((await json(me)).user.email).toBe(email);
  });

  it('stores an argon2id hash, never the password', async () => {
    const email = newEmail();
    await new Client(server.url).post('/api/v1/auth/register', registration(email));
    const row = await server.database.db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('ett-bra-losenord');
  });

  it('refuses a second account with the same e-mail, whatever its case, with 409', async () => {
    const email = newEmail();
    expect((await new Client(server.url).post('/api/v1/auth/register', registration(email))).status).toBe(201);
    const again = await new Client(server.url).post('/api/v1/auth/register', registration(email.toUpperCase()));
    expect(again.status).toBe(409);
    expect(await json(again)).toEqual({
      error: { code: 'email_taken', message: expect.any(String), fields: { email: expect.any(String) } },
    });
  });
});

describe('logging in and out', () => {
  it('logs in with the right password and out again', async () => {
    const user = await makeUser(server.database.db);
    const client = new Client(server.url);
    const login = await client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect((await json(login)).user.id).toBe(user.id);
    expect((await client.get('/api/v1/me')).status).toBe(200);

    const sessionCookie = client.cookie;
    const logout = await client.post('/api/v1/auth/logout');
    expect(logout.status).toBe(200);
    expect(logout.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    const stale = new Client(server.url);
    stale.cookie = sessionCookie;
    expect((await stale.get('/api/v1/me')).status).toBe(401);
  });

  it('gives the same answer for a wrong password and an unknown e-mail', async () => {
    const user = await makeUser(server.database.db);
    const wrong = await new Client(server.url).post('/api/v1/auth/login', { email: user.email, password: 'fel-losenord-1' });
    const unknown = await new Client(server.url).post('/api/v1/auth/login', { email: newEmail(), password: 'fel-losenord-1' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await json(wrong)).toEqual(await json(unknown));
  });

  it('treats an expired session as no session', async () => {
    const user = await makeUser(server.database.db);
    const client = new Client(server.url);
    await client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD });
    expect((await client.get('/api/v1/me')).status).toBe(200);
    await server.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
    const me = await client.get('/api/v1/me');
    expect(me.status).toBe(401);
    expect((await json(me)).error.code).toBe('unauthorized');
  });

  it('lists the memberships with their roles', async () => {
    const organization = await makeOrganization(server.database.db);
    const official = await makeUser(server.database.db, { role: 'official', organizationId: organization.id });
    const client = new Client(server.url);
    await client.post('/api/v1/auth/login', { email: official.email, password: PASSWORD });
    const { user } = await json(await client.get('/api/v1/me'));
    expect(user.memberships).toEqual([
      { organizationId: organization.id, organizationSlug: organization.slug, organizationName: organization.name, role: 'official' },
    ]);
  });
});

describe('cross-site request forgery', () => {
  it('refuses a state-changing request with a foreign Origin with 403 csrf', async () => {
    const response = await new Client(server.url).post('/api/v1/auth/register', registration(), { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect((await json(response)).error.code).toBe('csrf');
  });

  it('refuses a state-changing request without Origin with 403 csrf', async () => {
    const user = await makeUser(server.database.db);
    const client = new Client(server.url);
    await client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD });
    const response = await client.post('/api/v1/auth/logout', undefined, { origin: '' });
    expect(response.status).toBe(403);
    expect((await json(response)).error.code).toBe('csrf');
    expect((await client.get('/api/v1/me')).status).toBe(200);
  });

  it('refuses a page form post from a foreign origin', async () => {
    const response = await new Client(server.url).form('/login', { email: 'a@b.se', password: 'x' }, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });
});

describe('bad input', () => {
  const cases: Array<[string, unknown, Record<string, string>?]> = [
    ['missing fields', {}],
    ['wrong types', { email: 42, password: ['x'], displayName: null }],
    ['an invalid e-mail', { email: 'inte-en-adress', password: 'ett-bra-losenord', displayName: 'A' }],
    ['a short password', { email: 'a@example.se', password: 'kort', displayName: 'A' }],
    ['a JSON array', [1, 2, 3]],
    ['JSON null', 'null'],
  ];
  for (const [name, body] of cases) {
    it(`answers ${name} with a 400 and the contract's error`, async () => {
      const response = await new Client(server.url).post('/api/v1/auth/register', typeof body === 'string' ? body : body);
      expect(response.status).toBe(400);
      const { error } = await json(response);
      expect(error).toMatchObject({ code: 'invalid_input', message: expect.any(String) });
    });
  }

  it('answers invalid JSON with 400 invalid_json', async () => {
    for (const path of ['/api/v1/auth/register', '/api/v1/auth/login']) {
      const response = await new Client(server.url).post(path, '{"email": "a@b', { 'content-type': 'application/json' });
      expect(response.status).toBe(400);
      expect((await json(response)).error.code).toBe('invalid_json');
    }
  });

  it('answers a huge body with 413', async () => {
    const response = await new Client(server.url).post('/api/v1/auth/register', { ...registration(), displayName: 'x'.repeat(200_000) });
    expect(response.status).toBe(413);
    expect((await json(response)).error.code).toBe('payload_too_large');
  });

  it('answers a form-encoded body to a JSON endpoint with 415', async () => {
    const response = await new Client(server.url).form('/api/v1/auth/login', { email: 'a@b.se', password: 'x' });
    expect(response.status).toBe(415);
    expect((await json(response)).error.code).toBe('unsupported_media_type');
  });

  it('answers unknown API paths and wrong methods with JSON errors', async () => {
    const unknown = await new Client(server.url).get('/api/v1/no-such-thing');
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.code).toBe('not_found');
    const wrongMethod = await new Client(server.url).get('/api/v1/auth/login');
    expect(wrongMethod.status).toBe(405);
    expect((await json(wrongMethod)).error.code).toBe('method_not_allowed');
  });
});

describe('rate limits', () => {
  it('answers too many login attempts with 429 and Retry-After', async () => {
    const limited = await startTestServer({ rateLimits: true });
    try {
      const email = newEmail();
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 12; i++) {
        last = await new Client(limited.url).post('/api/v1/auth/login', { email, password: 'fel-losenord-1' });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await json(last!)).error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});

describe('pages without JavaScript', () => {
  it('registers and logs in through the HTML forms', async () => {
    const client = new Client(server.url);
    const email = newEmail();
    const registered = await client.form('/register', { displayName: 'Olle', email, password: 'ett-bra-losenord' });
    expect(registered.status).toBe(302);
    expect(registered.headers.get('location')).toBe('/');
    const home = await (await client.get('/')).text();
    expect(home).toContain('Inloggad som Olle');

    await client.form('/logout', {});
    const login = await client.form('/login', { email, password: 'ett-bra-losenord', redirectTo: '/register' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/register');
  });

  it('shows a form error, not a crash, for a wrong password', async () => {
    const response = await new Client(server.url).form('/login', { email: newEmail(), password: 'fel-losenord-1' });
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('Fel e-postadress eller lösenord.');
    expect(html).toContain('role="alert"');
  });

  it('never redirects to another site after login', async () => {
    const user = await makeUser(server.database.db);
    const response = await new Client(server.url).form('/login', { email: user.email, password: PASSWORD, redirectTo: '//evil.example/' });
    expect(response.headers.get('location')).toBe('/');
  });
});

describe('health', () => {
  it('reports the database and realtime backends in use', async () => {
    const response = await new Client(server.url).get('/healthz');
    expect(await json(response)).toEqual({
      ok: true,
      db: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      realtime: process.env.REDIS_URL ? 'redis' : 'memory',
    });
  });
});
