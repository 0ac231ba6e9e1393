import type { CommentState, ConsultationStatus, ModerationActionKind, ParticipationLevel, ReasonCode } from '../../db/schema.js';

// Swedish words for the codes, for files and reports people read
// (spreadsheets, the summary); the JSON export keeps the codes.

export const STATE_LABELS: Record<CommentState, string> = {
  pending: 'väntar på granskning',
  published: 'publicerad',
  hidden: 'dold',
  rejected: 'avvisad',
  withdrawn: 'tillbakadragen av skribenten',
};

export const ACTION_LABELS: Record<ModerationActionKind, string> = {
  hold: 'hölls för granskning',
  approve: 'godkändes',
  hide: 'doldes',
  reject: 'avvisades',
  restore: 'återställdes',
  block: 'kontot spärrades',
  unblock: 'spärren hävdes',
};

export const REASON_LABELS: Record<ReasonCode, string> = {
  personal_attack: 'personangrepp',
  hate: 'hets eller hat',
  personal_data: 'personuppgifter',
  spam: 'reklam eller spam',
  off_topic: 'inte på ämnet',
  illegal: 'olagligt innehåll',
  other: 'annat',
  flagged: 'flaggad av deltagare',
  filter: 'automatiskt filter',
};

export const LEVEL_LABELS: Record<ParticipationLevel, string> = {
  inform: 'Information',
  consult: 'Konsultation',
  dialogue: 'Dialog',
  influence: 'Inflytande',
  co_decide: 'Medbeslutande',
};

export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, string> = {
  draft: 'Utkast',
  open: 'Öppet',
  closed: 'Avslutat',
  archived: 'Arkiverat',
};

const local = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** "2026-03-01 14:05:00" in Swedish time: what a spreadsheet shows and sorts. */
export const stockholmTime = (date: Date) => local.format(date);

/** A Date whose UTC fields read as Swedish wall-clock time (spreadsheets have no time zones). */
export function stockholmWallClock(date: Date) {
  const [day, time] = stockholmTime(date).split(' ') as [string, string];
  return new Date(`${day}T${time}Z`);
}

/** "2026-03-01" in Swedish time. */
export const stockholmDate = (date: Date) => stockholmTime(date).slice(0, 10);
