import { sql, type Kysely } from 'kysely';

export async function runStatements(db: Kysely<any>, statements: readonly string[]) {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
