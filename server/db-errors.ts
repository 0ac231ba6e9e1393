/** Postgres unique_violation, as raised by both pg and PGlite. */
export function isUniqueViolation(error: unknown, constraint?: string) {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
