import type { ReasonCode } from '../../db/schema.js';
import { ACTION_LABELS, REASON_LABELS, STATE_LABELS, stockholmTime } from './labels.js';
import type { People } from './pseudonyms.js';
import type { CommentRow, ExportScope, ModerationEntry } from './rows.js';

// The columns of the spreadsheet formats (CSV and XLSX), defined once.

export type Cell = string | number | Date | null;

export interface Column<R> {
  heading: string;
  /** Width in characters, for the XLSX. */
  width: number;
  /** Holds times (formatted as such in the XLSX). */
  time?: boolean;
  cell(row: R): Cell;
}

export interface TableContext {
  scope: ExportScope;
  names: boolean;
  people: People;
  topicTitles: Map<number, string>;
  themeNames: Map<number, string>;
}

const reason = (code: string | null) => (code ? (REASON_LABELS[code as ReasonCode] ?? code) : null);

export function commentColumns(ctx: TableContext): Column<CommentRow>[] {
  const full = ctx.scope === 'full';
  const columns: Array<Column<CommentRow> | false> = [
    { heading: 'Id', width: 8, cell: (c) => c.id },
    { heading: 'Svar på', width: 8, cell: (c) => c.parentId },
    { heading: 'Fråga', width: 30, cell: (c) => ctx.topicTitles.get(c.topicId) ?? null },
    { heading: 'Teman', width: 24, cell: (c) => c.themeIds.map((id) => ctx.themeNames.get(id)).join('; ') },
    { heading: 'Status', width: 14, cell: (c) => STATE_LABELS[c.state] },
    { heading: 'Stöd', width: 7, cell: (c) => c.supportCount },
    { heading: 'Flaggningar', width: 11, cell: (c) => c.flagCount },
    { heading: 'Skapad', width: 19, time: true, cell: (c) => c.createdAt },
    { heading: 'Redigerad', width: 19, time: true, cell: (c) => c.editedAt },
    { heading: 'Deltagare', width: 14, cell: (c) => ctx.people.participant(c.authorId) },
    ctx.names && { heading: 'Namn', width: 24, cell: (c) => ctx.people.name(c.authorId) },
    full && { heading: 'Statusorsak', width: 18, cell: (c) => reason(c.stateReason) },
    full && { heading: 'Hölls av filter', width: 16, cell: (c) => c.heldBy.join('; ') },
    full && { heading: 'Moderering', width: 40, cell: (c) => c.moderation.map((m) => describeAction(m, ctx)).join('\n') },
    { heading: 'Text', width: 80, cell: (c) => c.body },
  ];
  return columns.filter((column) => column !== false);
}

export function moderationColumns(ctx: TableContext): Column<ModerationEntry>[] {
  return [
    { heading: 'Id', width: 8, cell: (m) => m.id },
    { heading: 'Kommentar', width: 11, cell: (m) => m.commentId },
    { heading: 'Tidpunkt', width: 19, time: true, cell: (m) => m.createdAt },
    { heading: 'Åtgärd', width: 22, cell: (m) => ACTION_LABELS[m.action] },
    { heading: 'Från status', width: 14, cell: (m) => (m.fromState ? (STATE_LABELS[m.fromState as keyof typeof STATE_LABELS] ?? m.fromState) : null) },
    { heading: 'Till status', width: 14, cell: (m) => (m.toState ? (STATE_LABELS[m.toState as keyof typeof STATE_LABELS] ?? m.toState) : null) },
    { heading: 'Skäl', width: 20, cell: (m) => reason(m.reasonCode) },
    { heading: 'Moderator', width: 16, cell: (m) => moderatorOf(m, ctx) },
    { heading: 'Anteckning', width: 50, cell: (m) => m.note },
  ];
}

function moderatorOf(m: ModerationEntry, ctx: TableContext) {
  if (m.moderatorId === null) return 'automatiskt';
  return ctx.people.name(m.moderatorId) ?? ctx.people.moderator(m.moderatorId);
}

/** "2026-03-01 14:05:00: doldes (personangrepp) av Moderator 1. Anteckning" */
function describeAction(m: ModerationEntry, ctx: TableContext) {
  const note = m.note ? `. ${m.note}` : '';
  return `${stockholmTime(m.createdAt)}: ${ACTION_LABELS[m.action]} (${reason(m.reasonCode)}) av ${moderatorOf(m, ctx)}${note}`;
}
