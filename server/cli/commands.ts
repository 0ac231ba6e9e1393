import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { migrateToLatest } from '../../db/migrate.js';
import { seedDemo } from '../../db/seed/demo.js';
import { addMembership, register } from '../auth/accounts.js';
import { audit } from '../audit/log.js';
import { AppError } from '../http/errors.js';
import { koladaCommand } from './kolada.js';

/** A mistake in how the command was called; printed without a stack. */
export class CommandError extends Error {}

export const USAGE = `Usage:
  npm run cli -- migrate
  npm run cli -- seed demo
  npm run cli -- user add --email E --password P [--name N] [--role official|moderator|admin --org SLUG]
  npm run cli -- kolada import --consultation SLUG --file DATA.json [--kpi-file KPI.json] [--example] [--retrieved YYYY-MM-DD]
  npm run cli -- kolada import --consultation SLUG --url --kpi N01951,N00901 --municipality 1984,1983 [--year 2023,2024] [--api https://api.kolada.se/v3]`;

const UserAddSchema = z.object({
  email: z.email('--email must be an e-mail address'),
  password: z.string().min(10, '--password must be at least 10 characters'),
  name: z.string().min(1).optional(),
  role: z.enum(['official', 'moderator', 'admin'], '--role must be official, moderator or admin').optional(),
  org: z.string().min(1).optional(),
});

/** Runs one CLI command against the database; returns what to print. */
export async function runCommand(db: Db, argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate': {
      const applied = await migrateToLatest(db);
      return applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.';
    }
    case 'seed': {
      if (rest[0] !== 'demo') throw new CommandError(`Unknown seed "${rest[0] ?? ''}".\n${USAGE}`);
      await migrateToLatest(db);
      const added = await seedDemo(db);
      return added ? 'Demo data added.' : 'Demo data was already there; nothing changed.';
    }
    case 'user': {
      if (rest[0] !== 'add') throw new CommandError(`Unknown user command "${rest[0] ?? ''}".\n${USAGE}`);
      return userAdd(db, rest.slice(1));
    }
    case 'kolada':
      return koladaCommand(db, rest);
    default:
      throw new CommandError(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
  }
}

async function userAdd(db: Db, args: string[]) {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new CommandError(`${(error as Error).message}\n${USAGE}`);
  }
  const parsed = UserAddSchema.safeParse(values);
  if (!parsed.success) throw new CommandError(parsed.error.issues.map((i) => i.message).join('\n'));
  const input = parsed.data;
  if (Boolean(input.role) !== Boolean(input.org)) throw new CommandError('--role and --org go together.');

  try {
    return await db.transaction().execute(async (tx) => {
      const user = await register(tx, { email: input.email, password: input.password, displayName: input.name ?? input.email.split('@')[0]! });
      if (input.role && input.org) {
        await addMembership(tx, user.id, input.org, input.role);
        await audit(tx, null, 'membership.grant', `user:${user.id}`, { organization: input.org, role: input.role, by: 'cli' });
      }
      return `Added ${user.email}${input.role ? ` as ${input.role} of ${input.org}` : ''} (user id ${user.id}).`;
    });
  } catch (error) {
    if (error instanceof AppError) throw new CommandError(error.message);
    throw error;
  }
}
