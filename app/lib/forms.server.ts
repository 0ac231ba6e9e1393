import type { z } from 'zod';
import { AppError } from '../../server/http/errors';

export interface FormFailure<V> {
  ok: false;
  message: string;
  fields: Record<string, string>;
  values: Partial<V>;
}

/** Validates form data with a contract schema; field messages keyed like the inputs. */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S) {
  const values = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const result = schema.safeParse(values);
  return { result, values };
}

export function failure<V>(error: AppError | z.ZodError, values: Partial<V>): FormFailure<V> {
  if (error instanceof AppError) return { ok: false, message: error.message, fields: error.fields ?? {}, values };
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[String(issue.path[0] ?? '_')] ??= issue.message;
  return { ok: false, message: 'Några uppgifter saknas eller är felaktiga.', fields, values };
}

/** Only same-site paths, so that a crafted link cannot send people elsewhere. */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  return target;
}
