import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../../db/index.js';

export const SESSION_COOKIE = 'samrad_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

// The cookie holds a random token; the table holds only its HMAC, so a copy
// of the database cannot be used to take over sessions.
function sessionId(token: string, secret: string) {
  return createHmac('sha256', secret).update(token).digest('base64url');
}

export async function createSession(db: Db, userId: number, secret: string, now = new Date()) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insertInto('sessions').values({ id: sessionId(token, secret), user_id: userId, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

/** The user id of a live session, or undefined for an unknown or expired token. */
export async function sessionUserId(db: Db, token: string, secret: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select('user_id')
    .where('id', '=', sessionId(token, secret))
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row?.user_id;
}

export async function destroySession(db: Db, token: string, secret: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId(token, secret)).execute();
}

export async function destroyUserSessions(db: Db, userId: number) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean) {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean) {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}
