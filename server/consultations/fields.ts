import type { Consultation } from '../../db/schema.js';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/**
 * A consultation's own fields as the API and exports name them (camelCase,
 * ISO times). Callers add what their audience may see besides: feedback,
 * counts, management state.
 */
export function consultationFields(c: Consultation) {
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    bodyMd: c.body_md,
    influenceMd: c.influence_md,
    decidedMd: c.decided_md,
    decisionMaker: c.decision_maker,
    decisionDate: c.decision_date,
    participationLevel: c.participation_level,
    status: c.status,
    moderationMode: c.moderation_mode,
    opensAt: iso(c.opens_at),
    closesAt: iso(c.closes_at),
  };
}
