import { useRouteLoaderData } from 'react-router';
import { en } from './en';
import { sv, type MessageKey } from './sv';

export type Locale = 'sv' | 'en';
export const LOCALE_COOKIE = 'lang';
const catalogs: Record<Locale, Record<MessageKey, string>> = { sv, en };

export function localeFromRequest(request: Request): Locale {
  const match = /(?:^|;\s*)lang=(sv|en)(?:;|$)/.exec(request.headers.get('cookie') ?? '');
  return (match?.[1] as Locale | undefined) ?? 'sv';
}

export function translator(locale: Locale) {
  const messages = catalogs[locale];
  return (key: MessageKey, params: Record<string, string | number> = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>('root');
  return data?.locale ?? 'sv';
}

export function useT() {
  return translator(useLocale());
}

export function formatDate(value: string | Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Stockholm' }).format(
    typeof value === 'string' ? new Date(value) : value,
  );
}

export function formatDateTime(value: string | Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Stockholm',
  }).format(typeof value === 'string' ? new Date(value) : value);
}
