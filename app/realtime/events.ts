// The Socket.IO contract (docs/design.md), shared by server and browser.
import type { PublicComment } from '../../server/comments/view';

export interface JoinRequest {
  slug: string;
  /** The last event id the client saw; missed events are replayed first. */
  since?: number;
}

export type JoinAck =
  | {
      ok: true;
      presence: number;
      lastEventId: number;
      /** The client was too far behind to be replayed: reload the data, then follow from lastEventId. */
      resync?: true;
    }
  | { ok: false; error: { code: string; message: string } };

/** Every live event carries its row id in `events`. */
export interface LiveEvent {
  eventId: number;
  [key: string]: unknown;
}

/** `comment:created` and `comment:updated`: the comment as an anonymous reader may see it. */
export interface CommentEvent {
  eventId: number;
  comment: PublicComment;
}

export interface ServerToClientEvents {
  'comment:created': (payload: LiveEvent) => void;
  'comment:updated': (payload: LiveEvent) => void;
  'poll:updated': (payload: LiveEvent) => void;
  'moderation:queue': (payload: LiveEvent) => void;
  presence: (payload: { slug: string; count: number }) => void;
}

export interface ClientToServerEvents {
  'consultation:join': (request: JoinRequest, ack: (response: JoinAck) => void) => void;
  'consultation:leave': (request: { slug: string }) => void;
}
