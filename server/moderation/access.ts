import type { Db, Tx } from '../../db/index.js';
import type { Account } from '../auth/accounts.js';
import { forbidden, notFound } from '../http/errors.js';
import { MODERATING_ROLES } from './policy.js';

/** The organizations whose consultations this account moderates. */
export function moderatedOrganizationIds(account: Pick<Account, 'memberships'>): number[] {
  return [...new Set(account.memberships.filter((m) => MODERATING_ROLES.includes(m.role)).map((m) => m.organizationId))];
}

/** Refuses an account that moderates nothing at all (the queue, the moderation pages). */
export function requireModerator(account: Pick<Account, 'memberships'>): number[] {
  const organizationIds = moderatedOrganizationIds(account);
  if (organizationIds.length === 0) throw forbidden('Bara moderatorer, tjänstepersoner och administratörer kan moderera.');
  return organizationIds;
}

/** The organizations behind a consultation, which receive its queue events. */
export async function organizationsBehind(db: Db | Tx, consultationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('consultation_organizations')
    .select('organization_id')
    .where('consultation_id', '=', consultationId)
    .orderBy('organization_id')
    .execute();
  return rows.map((r) => r.organization_id);
}

/**
 * Refuses an account that is not a moderator, official or admin of an
 * organization behind the consultation. Returns those organizations.
 */
export async function requireModerationOf(db: Db | Tx, account: Pick<Account, 'memberships'>, consultationId: number): Promise<number[]> {
  const behind = await organizationsBehind(db, consultationId);
  if (behind.length === 0) throw notFound('Samrådet finns inte.');
  const mine = new Set(moderatedOrganizationIds(account));
  if (!behind.some((id) => mine.has(id))) {
    throw forbidden('Bara moderatorer, tjänstepersoner och administratörer i organisationerna bakom samrådet kan moderera det.');
  }
  return behind;
}

/** The organizations a user moderates, read fresh (for a socket that has only a user id). */
export async function moderatedOrganizationsOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('organization_id')
    .distinct()
    .where('user_id', '=', userId)
    .where('role', 'in', MODERATING_ROLES)
    .execute();
  return rows.map((r) => r.organization_id);
}
