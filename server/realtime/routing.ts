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
  if (event.type === 'moderation:queue') {
    // The queue item is for the moderators of the organizations behind the
    // consultation (server/moderation/live.ts), never for its public room.
    const { organizationIds, ...rest } = event.payload as { organizationIds?: number[] };
    return (organizationIds ?? []).map((id): Delivery => ({ room: moderatorsRoom(id), name: 'moderation:queue', payload: { eventId: event.id, ...rest } }));
  }
  return [];
}

/** The room that the sockets of an organization's moderators, officials and admins join. */
export const moderatorsRoom = (organizationId: number) => `moderators:${organizationId}`;
