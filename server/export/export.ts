import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { Consultation } from '../../db/schema.js';
import { audit, consultationTarget } from '../audit/log.js';
import type { Account } from '../auth/accounts.js';
import { csvChunks } from './csv.js';
import { loadDialogue } from './dialogue.js';
import { jsonChunks } from './json.js';
import { stockholmDate } from './labels.js';
import { peopleOf } from './pseudonyms.js';
import { commentPages, moderationPages } from './rows.js';
import { pullStream } from './stream.js';
import { commentColumns, moderationColumns, type TableContext } from './table.js';

export const ExportQuerySchema = z
  .object({
    format: z.enum(['csv', 'json', 'xlsx'], 'Formatet ska vara csv, json eller xlsx.').default('csv'),
    scope: z.enum(['public', 'full'], 'Omfattningen ska vara public eller full.').default('public'),
    names: z.enum(['true', 'false'], 'names ska vara true eller false.').default('false').transform((value) => value === 'true'),
  })
  .refine((query) => query.scope === 'full' || !query.names, {
    path: ['names'],
    message: 'Namn kan bara tas med i en fullständig export (scope=full).',
  });
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

export interface ExportFile {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** A Content-Disposition value. */
  disposition: string;
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The consultation's dialogue as a file, streamed. The caller has checked
 * that the actor is one of its officials. Every export is written to the
 * audit log before the first byte leaves.
 */
export async function exportDialogue(db: Db, actor: Account, consultation: Consultation, query: ExportQuery): Promise<ExportFile> {
  const { format, scope, names } = query;
  const exportedAt = new Date();
  const [dialogue, people] = await Promise.all([
    loadDialogue(db, consultation, { publicOnly: scope === 'public' }),
    peopleOf(db, consultation.id, { names }),
  ]);
  await audit(db, actor.id, 'export', consultationTarget(consultation.id), { format, scope, names });

  const comments = () => commentPages(db, consultation.id, { scope });
  const moderation = () => moderationPages(db, consultation.id);
  const table: TableContext = {
    scope,
    names,
    people,
    topicTitles: new Map(dialogue.topics.map((t) => [t.id, t.title])),
    themeNames: new Map(dialogue.themes.map((t) => [t.id, t.name])),
  };
  let chunks: AsyncIterable<string | Uint8Array>;
  if (format === 'csv') chunks = csvChunks(commentColumns(table), comments());
  else if (format === 'json') chunks = jsonChunks({ consultation, dialogue, scope, names, people, exportedAt, comments, moderation });
  else {
    // ExcelJS and its zip library weigh tens of MB: loaded by the first XLSX export, not by every server at boot.
    const { xlsxChunks } = await import('./xlsx.js');
    chunks = xlsxChunks([
      { name: 'Synpunkter', columns: commentColumns(table), pages: comments },
      ...(scope === 'full' ? [{ name: 'Modereringslogg', columns: moderationColumns(table), pages: moderation }] : []),
    ]);
  }
  const body = pullStream(chunks, (error) => console.error(`[export] ${consultation.slug} ${format}:`, error));
  const name = `${consultation.slug}-synpunkter-${scope === 'full' ? 'fullständig' : 'offentlig'}-${stockholmDate(exportedAt)}.${format}`;
  return { body, contentType: CONTENT_TYPES[format], disposition: attachment(name) };
}

/** An attachment header with an ASCII fallback name for old clients and the real one (RFC 6266). */
export function attachment(fileName: string) {
  const ascii = fileName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
