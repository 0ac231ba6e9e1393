import { z } from 'zod';
import type { FlagReason } from '../../db/schema.js';

export const MAX_BODY_CHARS = 5000;
export const MAX_FLAG_NOTE_CHARS = 1000;
export const MAX_IDEMPOTENCY_KEY_CHARS = 200;
export const FLAG_REASONS = ['personal_attack', 'hate', 'personal_data', 'spam', 'off_topic', 'other'] as const satisfies readonly FlagReason[];
export const SORTS = ['new', 'old', 'supported'] as const;
export type CommentSort = (typeof SORTS)[number];

const characters = (text: string) => [...text].length;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (text: string) => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

// Stored exactly as written: no trimming. Postgres text cannot hold NUL, and
// a lone surrogate would not survive UTF-8, so both are refused rather than
// silently changed.
export const CommentBody = z
  .string('Skriv din synpunkt.')
  .refine((body) => body.trim().length > 0, 'Skriv din synpunkt.')
  .refine((body) => characters(body) <= MAX_BODY_CHARS, `Synpunkten får vara högst ${MAX_BODY_CHARS.toLocaleString('sv-SE')} tecken.`)
  .refine(storable, 'Texten innehåller tecken som inte kan sparas.');

const id = (message: string) => z.number(message).int(message).positive(message);

export const NewCommentSchema = z.object({
  topicId: id('Ange vilken fråga synpunkten gäller.'),
  parentId: id('Ange vilken kommentar du svarar på.').nullish(),
  body: CommentBody,
});
export type NewComment = z.infer<typeof NewCommentSchema>;

export const EditCommentSchema = z.object({ body: CommentBody });
export type CommentEdit = z.infer<typeof EditCommentSchema>;

export const FlagSchema = z.object({
  reason: z.enum(FLAG_REASONS, 'Välj varför du anmäler kommentaren.'),
  note: z
    .string('Kommentaren till anmälan måste vara text.')
    .max(MAX_FLAG_NOTE_CHARS, `Skriv högst ${MAX_FLAG_NOTE_CHARS} tecken.`)
    .refine(storable, 'Texten innehåller tecken som inte kan sparas.')
    .nullish(),
});
export type NewFlag = z.infer<typeof FlagSchema>;

export const ListQuerySchema = z.object({
  topic: z.coerce.number('Ange frågan som ett id.').int('Ange frågan som ett id.').positive('Ange frågan som ett id.').optional(),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number('Ange ett antal mellan 1 och 100.').int('Ange ett antal mellan 1 och 100.').min(1, 'Ange ett antal mellan 1 och 100.').max(100, 'Ange ett antal mellan 1 och 100.').default(20),
  sort: z.enum(SORTS, 'Sortera efter new, old eller supported.').default('new'),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

export const IdempotencyKeySchema = z
  .string()
  .min(1, 'Idempotency-Key får inte vara tom.')
  .max(MAX_IDEMPOTENCY_KEY_CHARS, `Idempotency-Key får vara högst ${MAX_IDEMPOTENCY_KEY_CHARS} tecken.`)
  .optional();
