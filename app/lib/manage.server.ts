import { data, redirect } from 'react-router';
import type { Account } from '../../server/auth/accounts';
import { currentAccount } from '../../server/auth/flows';
import type { ManagedConsultation } from '../../server/consultations/manage';
import { AppError } from '../../server/http/errors';
import type { RequestServices } from '../../server/services';
import { isoToStockholmInput, stockholmInputToIso } from './stockholm-time';

// What the officials' pages share: the sign-in guard, and the mapping
// between their forms (strings, Swedish local time) and the API's input.

export type FormValues = Record<string, string | string[]>;

/** The signed-in account, or a redirect to the login page that comes back here. */
export async function requireSignedIn(services: RequestServices, request: Request): Promise<Account> {
  const account = await currentAccount(services, request);
  if (account) return account;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** A 403 or 404 from a capability becomes the page's error response; other errors pass. */
export function pageError(error: unknown): never {
  if (error instanceof AppError && (error.status === 403 || error.status === 404)) {
    throw data({ message: error.message }, { status: error.status });
  }
  throw error;
}

export function formValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
    values[key] = all.length === 1 ? all[0]! : all;
  }
  return values;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** The details form as API input; fields the form does not carry stay undefined (unchanged). */
export function detailsFromForm(form: FormData) {
  const optional = (name: string) => (form.has(name) ? text(form, name) : undefined);
  const blankIsNull = (name: string) => (form.has(name) ? text(form, name).trim() || null : undefined);
  const moment = (name: string) => (form.has(name) ? stockholmInputToIso(text(form, name)) : undefined);
  const threshold = optional('flagThreshold');
  const slug = optional('slug')?.trim();
  return {
    title: optional('title'),
    slug: slug === '' ? undefined : slug,
    summary: optional('summary'),
    bodyMd: optional('bodyMd'),
    influenceMd: optional('influenceMd'),
    decidedMd: optional('decidedMd'),
    decisionMaker: blankIsNull('decisionMaker'),
    decisionDate: blankIsNull('decisionDate'),
    participationLevel: optional('participationLevel'),
    moderationMode: optional('moderationMode'),
    flagThreshold: threshold === undefined ? undefined : threshold.trim() === '' ? Number.NaN : Number(threshold),
    opensAt: moment('opensAt'),
    closesAt: moment('closesAt'),
  };
}

/**
 * The topics editor's rows: existing topics carry their id, blank new rows
 * are skipped, rows ticked for removal are left out.
 */
export function topicsFromForm(form: FormData) {
  const ids = form.getAll('topicId').map(String);
  const titles = form.getAll('topicTitle').map(String);
  const prompts = form.getAll('topicPrompt').map(String);
  const removed = new Set(form.getAll('removeTopic').map(String));
  return ids
    .map((id, i) => ({ id: id ? Number(id) : undefined, title: titles[i] ?? '', prompt: prompts[i] ?? '' }))
    .filter((t) => (t.id === undefined ? t.title.trim() !== '' || t.prompt.trim() !== '' : !removed.has(String(t.id))));
}

/** The saved topics with one moved a step up or down ("12:up"). */
export function movedTopics(topics: ManagedConsultation['topics'], move: string) {
  const [id, direction] = move.split(':');
  const list = topics.map(({ id, title, prompt }) => ({ id, title, prompt }));
  const from = list.findIndex((t) => String(t.id) === id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= list.length) return list;
  [list[from], list[to]] = [list[to]!, list[from]!];
  return list;
}

/** A consultation as the values of the details form. */
export function valuesOf(c: ManagedConsultation): FormValues {
  return {
    title: c.title,
    slug: c.slug,
    summary: c.summary,
    bodyMd: c.bodyMd,
    influenceMd: c.influenceMd,
    decidedMd: c.decidedMd,
    decisionMaker: c.decisionMaker ?? '',
    decisionDate: c.decisionDate ?? '',
    participationLevel: c.participationLevel,
    moderationMode: c.moderationMode,
    flagThreshold: String(c.flagThreshold),
    opensAt: isoToStockholmInput(c.opensAt),
    closesAt: isoToStockholmInput(c.closesAt),
    feedbackMd: c.feedbackMd ?? '',
    partnerOrganizations: c.organizations.filter((o) => !o.isLead).map((o) => o.slug),
  };
}
