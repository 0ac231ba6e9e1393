import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.js';
import type { Consultation, ConsultationStatus } from '../../db/schema.js';
import { audit, consultationTarget } from '../audit/log.js';
import { conflict } from '../http/errors.js';
import { writeTransaction } from '../realtime/outbox.js';

// draft → open → closed → archived. A closed consultation may be opened
// again (a deadline extended, a close by mistake) as long as it is not
// archived; archived is final.
export const TRANSITIONS: Record<ConsultationStatus, readonly ConsultationStatus[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open', 'archived'],
  archived: [],
};

export const STATUS_NAMES: Record<ConsultationStatus, string> = {
  draft: 'utkast',
  open: 'öppet',
  closed: 'avslutat',
  archived: 'arkiverat',
};

/**
 * Moves one consultation to another status, inside the caller's
 * transaction, with the consultation row already locked and edited.
 * Opening stamps the start if it lies ahead; closing stamps the end.
 */
export async function changeStatus(tx: Tx, consultation: Consultation, to: ConsultationStatus, actorId: number | null, now = new Date()) {
  const from = consultation.status;
  if (from === to) return;
  if (!TRANSITIONS[from].includes(to)) {
    throw conflict('invalid_transition', `Ett samråd som är ${STATUS_NAMES[from]} kan inte bli ${STATUS_NAMES[to]}.`, { status: to });
  }
  const set: Partial<Record<'opens_at' | 'closes_at', Date>> = {};
  if (to === 'open') {
    const topics = await tx
      .selectFrom('topics')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('consultation_id', '=', consultation.id)
      .executeTakeFirstOrThrow();
    if (Number(topics.n) === 0) throw conflict('not_ready', 'Lägg till minst en fråga innan samrådet öppnas.', { topics: 'Lägg till minst en fråga.' });
    if (consultation.closes_at && consultation.closes_at <= now) {
      throw conflict('closes_in_past', 'Slutdatumet har redan passerat. Ange ett nytt slutdatum för att öppna samrådet.', {
        closesAt: 'Ange ett slutdatum som ligger framåt i tiden.',
      });
    }
    if (!consultation.opens_at || consultation.opens_at > now) set.opens_at = now;
  }
  if (to === 'closed' && (!consultation.closes_at || consultation.closes_at > now)) set.closes_at = now;
  await tx
    .updateTable('consultations')
    .set({ ...set, status: to, open_on_schedule: false, updated_at: now })
    .where('id', '=', consultation.id)
    .execute();
  await audit(tx, actorId, 'consultation.status', consultationTarget(consultation.id), { from, to });
}

/**
 * The scheduled part of the lifecycle: opens drafts whose officials asked
 * for opening on schedule once their start has come, and closes open
 * consultations whose end has passed. Several nodes may run it at once:
 * a row another node already changed no longer matches and is skipped.
 */
export async function runConsultationSchedule(db: Db, now: Date) {
  return writeTransaction(db, async (tx) => {
    const opened = await tx
      .updateTable('consultations')
      .set({ status: 'open', open_on_schedule: false, updated_at: now })
      .where('status', '=', 'draft')
      .where('open_on_schedule', '=', true)
      .where('opens_at', '<=', now)
      .where((eb) => eb.or([eb('closes_at', 'is', null), eb('closes_at', '>', now)]))
      .where(({ exists, selectFrom }) => exists(selectFrom('topics').select(sql`1`.as('one')).whereRef('topics.consultation_id', '=', 'consultations.id')))
      .returning(['id', 'slug'])
      .execute();
    const closed = await tx
      .updateTable('consultations')
      .set({ status: 'closed', updated_at: now })
      .where('status', '=', 'open')
      .where('closes_at', '<=', now)
      .returning(['id', 'slug'])
      .execute();
    for (const c of opened) await audit(tx, null, 'consultation.status', consultationTarget(c.id), { from: 'draft', to: 'open', by: 'schedule' });
    for (const c of closed) await audit(tx, null, 'consultation.status', consultationTarget(c.id), { from: 'open', to: 'closed', by: 'schedule' });
    return { opened: opened.map((c) => c.slug), closed: closed.map((c) => c.slug) };
  });
}
