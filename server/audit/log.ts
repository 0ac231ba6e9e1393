import type { Db } from '../../db/index.js';

/**
 * Appends one row to the append-only audit log. Call it with the
 * transaction that makes the change, so that the row exists exactly when
 * the change does. `actorId` is null for the scheduler and the CLI.
 */
export async function audit(db: Db, actorId: number | null, action: string, target: string, detail: Record<string, unknown> = {}) {
  await db.insertInto('audit_log').values({ actor_id: actorId, action, target, detail: JSON.stringify(detail) }).execute();
}

export const consultationTarget = (consultationId: number) => `consultation:${consultationId}`;
