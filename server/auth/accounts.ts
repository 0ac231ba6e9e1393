import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { Role } from '../../db/schema.js';
import { AppError, conflict } from '../http/errors.js';
import { isUniqueViolation } from '../db-errors.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';

const email = z.email('Ange en giltig e-postadress.').max(254, 'E-postadressen är för lång.').transform((e) => e.trim());

export const RegisterSchema = z.object({
  email,
  password: z
    .string('Ange ett lösenord.')
    .min(10, 'Lösenordet behöver vara minst 10 tecken.')
    .max(200, 'Lösenordet får vara högst 200 tecken.'),
  displayName: z
    .string('Ange ett namn.')
    .trim()
    .min(1, 'Ange ett namn.')
    .max(80, 'Namnet får vara högst 80 tecken.'),
  homeMunicipality: z.string().trim().max(80).optional(),
});
export type Registration = z.infer<typeof RegisterSchema>;

export const LoginSchema = z.object({
  email: z.string('Ange din e-postadress.').trim().min(1, 'Ange din e-postadress.').max(254),
  password: z.string('Ange ditt lösenord.').min(1, 'Ange ditt lösenord.').max(200),
});
export type Credentials = z.infer<typeof LoginSchema>;

export interface Membership {
  organizationId: number;
  organizationSlug: string;
  organizationName: string;
  role: Role;
}

export interface Account {
  id: number;
  email: string;
  displayName: string;
  homeMunicipality: string | null;
  blocked: boolean;
  memberships: Membership[];
}

export async function register(db: Db, input: Registration): Promise<Account> {
  const passwordHash = await hashPassword(input.password);
  try {
    const { id } = await db
      .insertInto('users')
      .values({
        email: input.email,
        password_hash: passwordHash,
        display_name: input.displayName,
        home_municipality: input.homeMunicipality || null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await findAccount(db, id))!;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict('email_taken', 'Det finns redan ett konto med den e-postadressen.', {
        email: 'Det finns redan ett konto med den e-postadressen.',
      });
    }
    throw error;
  }
}

/** The account for the credentials; one answer for an unknown e-mail and a wrong password. */
export async function authenticate(db: Db, input: Credentials): Promise<Account> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
    .executeTakeFirst();
  const valid = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);
  if (!user || !valid) {
    throw new AppError(401, 'invalid_credentials', 'Fel e-postadress eller lösenord.');
  }
  return (await findAccount(db, user.id))!;
}

export async function findAccount(db: Db, userId: number): Promise<Account | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'home_municipality', 'blocked_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return undefined;
  const memberships = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.id', 'organizations.slug', 'organizations.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('organizations.name')
    .orderBy('memberships.role')
    .execute();
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    homeMunicipality: user.home_municipality,
    blocked: user.blocked_at !== null,
    memberships: memberships.map((m) => ({
      organizationId: m.id,
      organizationSlug: m.slug,
      organizationName: m.name,
      role: m.role,
    })),
  };
}

export async function addMembership(db: Db, userId: number, organizationSlug: string, role: Role) {
  const organization = await db
    .selectFrom('organizations')
    .select('id')
    .where('slug', '=', organizationSlug)
    .executeTakeFirst();
  if (!organization) throw new AppError(404, 'not_found', `Organisationen ${organizationSlug} finns inte.`);
  await db
    .insertInto('memberships')
    .values({ user_id: userId, organization_id: organization.id, role })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
