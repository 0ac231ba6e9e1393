import type { ServerToClientEvents } from '../../app/realtime/events.js';
import type { StoredEvent } from './outbox.js';

export interface Delivery {
  room: string;
  name: Exclude<keyof ServerToClientEvents, 'presence'>;
  payload: { eventId: number; [key: string]: unknown };
}

const PUBLIC_EVENTS = new Set(['comment:created', 'comment:updated', 'poll:updated']);

/**
 * Where a committed event goes. Public events go to the consultation's room;
 * the payload stored in `events` is already what that audience may see.
 */
export function deliveries(event: StoredEvent): Delivery[] {
  const payload = { eventId: event.id, ...event.payload };
  if (PUBLIC_EVENTS.has(event.type)) {
    return [{ room: `consultation:${event.consultationId}`, name: event.type as Delivery['name'], payload }];
  }
  return [];
}
