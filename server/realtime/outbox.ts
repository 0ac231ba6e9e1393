import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.js';

/** A row of `events` as it is published after commit and replayed on reconnect. */
export interface StoredEvent {
  id: number;
  consultationId: number;
  type: string;
  payload: Record<string, unknown>;
  /**
   * Set on events as they are published: the consultation's event before
   * this one, so that a node can tell whether it missed any.
   */
  previousId?: number;
}

export type EventPublisher = (events: StoredEvent[]) => void;

// The publisher hangs on the Kysely instance under a global symbol: app code
// runs from a separate bundle (or Vite's module graph) with its own copy of
// this module, but it shares the db object handed over by the server.
const PUBLISHER = Symbol.for('samrad.eventPublisher');
const EVENT_LOCK_NAMESPACE = 0x5a4d;

const pendingEvents = new WeakMap<object, StoredEvent[]>();

export function setEventPublisher(db: Db, publish: EventPublisher | undefined) {
  (db as unknown as Record<symbol, EventPublisher | undefined>)[PUBLISHER] = publish;
}

/**
 * Runs a state change in one transaction. Events appended inside it are
 * published to the live rooms once the transaction has committed, never
 * before and never for a rolled-back one.
 */
export async function writeTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const events: StoredEvent[] = [];
  const result = await db.transaction().execute(async (tx) => {
    pendingEvents.set(tx, events);
    return work(tx);
  });
  if (events.length > 0) {
    const publish = (db as unknown as Record<symbol, EventPublisher | undefined>)[PUBLISHER];
    publish?.(events);
  }
  return result;
}

/**
 * Appends an event to the outbox. Writers of one consultation queue on an
 * advisory lock so that event ids grow in commit order, which is what makes
 * `since` replay exact.
 */
export async function appendEvent(tx: Tx, consultationId: number, type: string, payload: Record<string, unknown>) {
  const buffer = pendingEvents.get(tx);
  if (!buffer) throw new Error('appendEvent must run inside writeTransaction');
  await lockEventOrder(tx, consultationId);
  // Under the lock every earlier event of the consultation is committed and visible.
  const previousId = buffer.findLast((event) => event.consultationId === consultationId)?.id ?? (await lastEventId(tx, consultationId));
  const { id } = await tx
    .insertInto('events')
    .values({ consultation_id: consultationId, type, payload: JSON.stringify(payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const event: StoredEvent = { id, consultationId, type, payload, previousId };
  buffer.push(event);
  return event;
}

/**
 * Takes the consultation's event lock early, for a writer whose event reports
 * a state that earlier commits change (a vote count): what it reads after
 * this includes every event already appended. Held until commit; taking it
 * again in appendEvent is harmless.
 */
export async function lockEventOrder(tx: Tx, consultationId: number) {
  await sql`select pg_advisory_xact_lock(${EVENT_LOCK_NAMESPACE}, ${consultationId})`.execute(tx);
}

/** A consultation's events after `since`, oldest first, at most `limit` of them and none after `upTo`. */
export async function eventsSince(
  db: Db,
  consultationId: number,
  since: number,
  { limit = 1000, upTo }: { limit?: number; upTo?: number } = {},
): Promise<StoredEvent[]> {
  let query = db
    .selectFrom('events')
    .select(['id', 'consultation_id', 'type', 'payload'])
    .where('consultation_id', '=', consultationId)
    .where('id', '>', since);
  if (upTo !== undefined) query = query.where('id', '<=', upTo);
  const rows = await query
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    consultationId: r.consultation_id,
    type: r.type,
    payload: r.payload as Record<string, unknown>,
  }));
}

export async function lastEventId(db: Db, consultationId: number): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
