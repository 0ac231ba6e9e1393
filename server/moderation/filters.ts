import Personnummer from 'personnummer';

/**
 * Filters that hold a comment for review even in post-moderation. `screen`
 * returns the names of the rules a body trips, in a fixed order; an empty
 * list lets the comment through.
 */
export const FILTER_RULES = ['personnummer', 'phone', 'email', 'word_list', 'links'] as const;
export type FilterRule = (typeof FILTER_RULES)[number];

export const MAX_LINKS = 3;

// 12 or 10 digits with '-', '+' or nothing before the last four, not part of
// a longer run of digits. The package decides: date (or day + 60 for a
// samordningsnummer) and the Luhn check digit.
const PERSONNUMMER_CANDIDATE = /(?<!\d)(?:\d{8}|\d{6})[-+]?\d{4}(?!\d)/g;

// Swedish numbers: a national 0 or +46/0046 (optionally with "(0)"), then
// 7–9 digits with single spaces or hyphens between groups. Not when glued
// to letters, digits or a hyphen, so that order and reference numbers with
// a leading zero inside a longer code are left alone.
const PHONE = /(?<![\p{L}\p{N}+\-/.])(?:(?:\+|00)46[ -]?(?:\(0\)[ -]?)?|0)[1-9](?:[ -]?\d){6,8}(?![\p{L}\p{N}\-/])/gu;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;

const LINK = /(?:\bhttps?:\/\/|(?<![\p{L}\p{N}.@/])www\.)[^\s<>"]+/giu;

// Word characters for the word list: letters (å, ä, ö, é …), combining marks
// and digits. JavaScript's \b only knows ASCII letters.
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';

/**
 * The text the rules look at: compatibility forms folded (full-width digits,
 * ligatures), typographic dashes made hyphens and invisible format characters
 * removed, so that a zero-width space inside a number or a word does not slip past.
 */
function normalize(body: string) {
  return body
    .normalize('NFKC')
    .replace(/[\p{Cf}\u00AD]/gu, '')
    .replace(/[\u2010-\u2015\u2212]/gu, '-');
}

interface Span {
  start: number;
  end: number;
}

function personnummerSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(PERSONNUMMER_CANDIDATE)) {
    if (Personnummer.valid(match[0], { allowCoordinationNumber: true, allowInterimNumber: false })) {
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}

function hasPhoneNumber(text: string, personnummer: Span[]) {
  for (const match of text.matchAll(PHONE)) {
    const start = match.index;
    const end = start + match[0].length;
    // A ten-digit run that is a valid personnummer is reported as one, not twice.
    if (!personnummer.some((span) => span.start < end && start < span.end)) return true;
  }
  return false;
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordListPattern(wordList: string[]) {
  const alternatives = wordList
    .map((word) => normalize(word).trim())
    .filter((word) => word.length > 0)
    .map((word) => word.split(/\s+/u).map(escapeRegExp).join('\\s+'));
  if (alternatives.length === 0) return undefined;
  return new RegExp(`(?<!${WORD_CHAR})(?:${alternatives.join('|')})(?!${WORD_CHAR})`, 'iu');
}

/** The rules that hold this body for review: empty when none applies. */
export function screen(body: string, wordList: string[]): FilterRule[] {
  const text = normalize(body);
  const held: FilterRule[] = [];
  const personnummer = personnummerSpans(text);
  if (personnummer.length > 0) held.push('personnummer');
  if (hasPhoneNumber(text, personnummer)) held.push('phone');
  if (EMAIL.test(text)) held.push('email');
  if (wordListPattern(wordList)?.test(text)) held.push('word_list');
  if ((text.match(LINK)?.length ?? 0) > MAX_LINKS) held.push('links');
  return held;
}

// What the author is told. Deliberately general: the word list is never
// echoed, so that it cannot be probed word by word.
const EXPLANATIONS: Record<FilterRule, string> = {
  personnummer:
    'Din synpunkt innehåller något som liknar ett personnummer eller samordningsnummer. Sådana uppgifter publicerar vi inte, så en moderator granskar den först.',
  phone:
    'Din synpunkt innehåller något som liknar ett telefonnummer. För att skydda personuppgifter granskar en moderator den innan den publiceras.',
  email:
    'Din synpunkt innehåller en e-postadress. För att skydda personuppgifter granskar en moderator den innan den publiceras.',
  word_list:
    'Din synpunkt innehåller ord eller uttryck som en moderator behöver titta på innan den publiceras.',
  links: `Din synpunkt innehåller fler än ${MAX_LINKS} länkar. En moderator granskar den innan den publiceras, eftersom många länkar ofta är reklam.`,
};

/** A plain-Swedish explanation per rule, for telling the author why the comment waits. */
export function explainFilterRule(rule: FilterRule): string {
  return EXPLANATIONS[rule];
}

/** One explanation per held rule; unknown tags (from older data) are skipped. */
export function explainHeldBy(heldBy: readonly string[]): string[] {
  return heldBy.filter((tag): tag is FilterRule => (FILTER_RULES as readonly string[]).includes(tag)).map(explainFilterRule);
}
