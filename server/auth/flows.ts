import type { RequestServices, Services } from '../services.js';
import { LIMITS } from '../ratelimit/limiter.js';
import { authenticate, findAccount, register, type Account, type Credentials, type Registration } from './accounts.js';
import {
  SESSION_COOKIE,
  clearedSessionCookie,
  createSession,
  destroySession,
  readCookie,
  sessionCookie,
  sessionUserId,
} from './sessions.js';

// The steps that the login and registration pages and /api/v1/auth share:
// rate limits, the capability, then the session cookie.

export interface SignedIn {
  account: Account;
  setCookie: string;
}

export async function signUp(services: RequestServices, input: Registration): Promise<SignedIn> {
  await services.rateLimiter.hit(`register:ip:${services.clientIp}`, LIMITS.registerPerIp);
  const account = await register(services.db, input);
  return { account, setCookie: await startSession(services, account.id) };
}

export async function logIn(services: RequestServices, input: Credentials): Promise<SignedIn> {
  await services.rateLimiter.hit(`login:ip:${services.clientIp}`, LIMITS.loginPerIp);
  await services.rateLimiter.hit(`login:account:${input.email.toLowerCase()}`, LIMITS.loginPerAccount);
  const account = await authenticate(services.db, input);
  return { account, setCookie: await startSession(services, account.id) };
}

/** Ends the request's session, if any; returns the cookie that clears it. */
export async function logOut(services: Services, request: Request) {
  const token = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (token) await destroySession(services.db, token, services.sessionSecret);
  return clearedSessionCookie(services.secureCookies);
}

export async function currentAccount(services: Services, request: Request): Promise<Account | undefined> {
  const token = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (!token) return undefined;
  const userId = await sessionUserId(services.db, token, services.sessionSecret);
  return userId ? findAccount(services.db, userId) : undefined;
}

async function startSession(services: Services, userId: number) {
  const { token, expiresAt } = await createSession(services.db, userId, services.sessionSecret);
  return sessionCookie(token, expiresAt, services.secureCookies);
}
