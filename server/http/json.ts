import type { z } from 'zod';
import { AppError, badRequest } from './errors.js';

export const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON request body within the size limit and validates it. */
export async function parseJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError(415, 'unsupported_media_type', 'Skicka data som application/json.');
  }
  const text = await readText(request, MAX_JSON_BYTES);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError(400, 'invalid_json', 'Innehållet är inte giltig JSON.');
  }
  return validate(schema, data);
}

export function validate<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  throw badRequest('Några uppgifter saknas eller är felaktiga.', fields);
}

async function readText(request: Request, limit: number) {
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

// The rest of the body is never read, so the connection cannot be reused.
function tooLarge(limit: number) {
  return new AppError(413, 'payload_too_large', `Innehållet är för stort (högst ${Math.round(limit / 1024)} kB).`, undefined, {
    Connection: 'close',
  });
}
