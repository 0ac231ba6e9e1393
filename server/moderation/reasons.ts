// Plain constants, free of server dependencies, so that pages can import them.

/** The reasons a moderator gives; each has a section on the policy page (/moderering/policy#<code>). */
export const REASON_CODES = ['personal_attack', 'hate', 'personal_data', 'spam', 'off_topic', 'illegal', 'other'] as const;
export type ModerationReason = (typeof REASON_CODES)[number];

export const COMMENT_ACTIONS = ['approve', 'hide', 'reject', 'restore'] as const;
export type CommentAction = (typeof COMMENT_ACTIONS)[number];
