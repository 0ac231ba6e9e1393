import type { Db } from '../../db/index.js';
import type { Consultation } from '../../db/schema.js';
import type { Account } from '../auth/accounts.js';
import { forbidden, notFound } from '../http/errors.js';
import { organizationsOf, type OrganizationRef } from './queries.js';

// Who may manage a consultation: the officials of every organization behind
// it. Only the lead's officials may change which organizations those are.

export interface Management {
  consultation: Consultation;
  organizations: OrganizationRef[];
  /** The actor is an official of the lead organization. */
  isLeadOfficial: boolean;
}

export const officialOrganizationIds = (account: Account) =>
  account.memberships.filter((m) => m.role === 'official').map((m) => m.organizationId);

/**
 * The consultation, if the account may manage it. A draft answers 404 to
 * everyone else, as if it did not exist; a public consultation 403.
 * `forUpdate` locks the row until the transaction ends.
 */
export async function requireManagement(db: Db, account: Account, slug: string, options: { forUpdate?: boolean } = {}): Promise<Management> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw notFound('Samrådet finns inte.');
  let query = db.selectFrom('consultations').selectAll().where('slug', '=', slug);
  if (options.forUpdate) query = query.forUpdate();
  const consultation = await query.executeTakeFirst();
  if (!consultation) throw notFound('Samrådet finns inte.');
  return authorize(db, account, consultation);
}

export async function requireManagementById(db: Db, account: Account, consultationId: number): Promise<Management> {
  const consultation = await db.selectFrom('consultations').selectAll().where('id', '=', consultationId).executeTakeFirst();
  if (!consultation) throw notFound('Samrådet finns inte.');
  return authorize(db, account, consultation);
}

async function authorize(db: Db, account: Account, consultation: Consultation): Promise<Management> {
  const organizations = (await organizationsOf(db, [consultation.id])).get(consultation.id) ?? [];
  const official = new Set(officialOrganizationIds(account));
  if (!organizations.some((o) => official.has(o.id))) {
    if (consultation.status === 'draft') throw notFound('Samrådet finns inte.');
    throw forbidden('Bara tjänstepersoner i organisationerna bakom samrådet kan hantera det.');
  }
  return { consultation, organizations, isLeadOfficial: organizations.some((o) => o.isLead && official.has(o.id)) };
}
