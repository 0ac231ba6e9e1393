import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Table types for the migrations in db/migrations. test/db.test.ts compares
// them with the migrated database, so a migration without a change here fails.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
// A timestamp with a database default that may still be set later (not DefaultNow, which nests column types).
type DefaultNow = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type OrganizationKind = 'municipality' | 'region' | 'other';
export type Role = 'official' | 'moderator' | 'admin';
export type ConsultationStatus = 'draft' | 'open' | 'closed' | 'archived';
export type ParticipationLevel = 'inform' | 'consult' | 'dialogue' | 'influence' | 'co_decide';
export type ModerationMode = 'pre' | 'post';
export type CommentState = 'pending' | 'published' | 'hidden' | 'rejected' | 'withdrawn';
export type FlagReason = 'personal_attack' | 'hate' | 'personal_data' | 'spam' | 'off_topic' | 'other';
export type ReasonCode = FlagReason | 'illegal' | 'flagged' | 'filter';
export type ModerationActionKind = 'hold' | 'approve' | 'hide' | 'reject' | 'restore' | 'block' | 'unblock';
export type PollKind = 'single' | 'multiple';
export type PollStatus = 'draft' | 'open' | 'closed';
export type ResultsVisibility = 'live' | 'after_vote' | 'after_close';
export type Gender = 'T' | 'K' | 'M';

export interface OrganizationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: OrganizationKind;
  kolada_id: string | null;
  word_list: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  display_name: string;
  home_municipality: string | null;
  blocked_at: Timestamp | null;
  blocked_reason: string | null;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  user_id: number;
  organization_id: number;
  role: Role;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface ConsultationsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  summary: Generated<string>;
  body_md: Generated<string>;
  influence_md: Generated<string>;
  decided_md: Generated<string>;
  decision_maker: string | null;
  decision_date: ColumnType<string | null, string | null | undefined, string | null>;
  participation_level: Generated<ParticipationLevel>;
  status: Generated<ConsultationStatus>;
  opens_at: Timestamp | null;
  closes_at: Timestamp | null;
  moderation_mode: Generated<ModerationMode>;
  flag_threshold: Generated<number>;
  feedback_md: string | null;
  feedback_published_at: Timestamp | null;
  open_on_schedule: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: DefaultNow;
}

export interface ConsultationOrganizationsTable {
  consultation_id: number;
  organization_id: number;
  is_lead: Generated<boolean>;
}

export interface TopicsTable {
  id: Generated<number>;
  consultation_id: number;
  position: number;
  title: string;
  prompt: Generated<string>;
}

export interface CommentsTable {
  id: Generated<number>;
  consultation_id: number;
  topic_id: number;
  parent_id: number | null;
  reply_to_id: number | null;
  depth: Generated<number>;
  author_id: number;
  body: string;
  state: CommentState;
  state_reason: string | null;
  held_by: ColumnType<string[], string[] | undefined, string[]>;
  support_count: Generated<number>;
  flag_count: Generated<number>;
  idempotency_key: string | null;
  created_at: CreatedAt;
  edited_at: Timestamp | null;
  /** Set by the database when the comment is first published. */
  published_at: ColumnType<Date | null, never, never>;
}

export interface CommentRevisionsTable {
  id: Generated<number>;
  comment_id: number;
  body: string;
  created_at: CreatedAt;
}

export interface SupportsTable {
  comment_id: number;
  user_id: number;
  created_at: CreatedAt;
}

export interface FlagsTable {
  id: Generated<number>;
  comment_id: number;
  reporter_id: number;
  reason: FlagReason;
  note: string | null;
  created_at: CreatedAt;
  resolved_at: Timestamp | null;
  resolution: string | null;
}

export interface ModerationActionsTable {
  id: Generated<number>;
  comment_id: number | null;
  user_id: number | null;
  moderator_id: number | null;
  action: ModerationActionKind;
  from_state: string | null;
  to_state: string | null;
  reason_code: ReasonCode;
  note: string | null;
  created_at: CreatedAt;
}

export interface ModerationClaimsTable {
  comment_id: number;
  moderator_id: number;
  claimed_at: DefaultNow;
  expires_at: Timestamp;
}

export interface PollsTable {
  id: Generated<number>;
  consultation_id: number;
  question: string;
  kind: PollKind;
  status: Generated<PollStatus>;
  results_visibility: Generated<ResultsVisibility>;
  allow_other: Generated<boolean>;
  opens_at: Timestamp | null;
  closes_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface PollOptionsTable {
  id: Generated<number>;
  poll_id: number;
  position: number;
  label: string;
}

export interface PollBallotsTable {
  id: Generated<number>;
  poll_id: number;
  user_id: number;
  other_text: string | null;
  other_held_by: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
  updated_at: DefaultNow;
}

export interface PollVotesTable {
  ballot_id: number;
  poll_id: number;
  option_id: number;
  /** The poll's kind, checked by a foreign key: a single-choice ballot has one row at most. */
  poll_kind: PollKind;
}

export interface ThemesTable {
  id: Generated<number>;
  consultation_id: number;
  name: string;
  description: Generated<string>;
  created_at: CreatedAt;
}

export interface CommentThemesTable {
  comment_id: number;
  theme_id: number;
  tagged_by: number | null;
  created_at: CreatedAt;
}

export interface KeyFiguresTable {
  id: Generated<number>;
  consultation_id: number;
  source: string;
  kpi_id: string;
  municipality: string;
  year: number;
  value: number | null;
  gender: Generated<Gender>;
  unit: Generated<string>;
  label: string;
  is_example: Generated<boolean>;
  retrieved_at: DefaultNow;
}

export interface EventsTable {
  id: Generated<number>;
  consultation_id: number;
  type: string;
  payload: Json<unknown>;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target: string;
  detail: ColumnType<unknown, string | undefined, never>;
  created_at: CreatedAt;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  consultations: ConsultationsTable;
  consultation_organizations: ConsultationOrganizationsTable;
  topics: TopicsTable;
  comments: CommentsTable;
  comment_revisions: CommentRevisionsTable;
  supports: SupportsTable;
  flags: FlagsTable;
  moderation_actions: ModerationActionsTable;
  moderation_claims: ModerationClaimsTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  poll_ballots: PollBallotsTable;
  poll_votes: PollVotesTable;
  themes: ThemesTable;
  comment_themes: CommentThemesTable;
  key_figures: KeyFiguresTable;
  events: EventsTable;
  audit_log: AuditLogTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Consultation = Selectable<ConsultationsTable>;
export type ConsultationUpdate = Updateable<ConsultationsTable>;
export type Topic = Selectable<TopicsTable>;
export type Comment = Selectable<CommentsTable>;
