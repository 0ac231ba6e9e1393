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

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

const LINK = /(?:\bhttps?:\/\/|(?<![\p{L}\p{N}.@/])www\.)[^\s<>"]+/giu;

// Word characters for the word list: letters (å, ä, ö, é …), combining marks
// and digits. JavaScript's \b only knows ASCII letters.
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';

// Dashes that people (and word processors) type instead of a hyphen.
const DASHES = /[\u2010-\u2015\u2212]/gu;
const INVISIBLE = /^[\p{Cf}\u00AD]+$/u;
// A character with its combining marks: the unit that normalization composes.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

/** The text the rules look at, and where each of its characters came from in the body. */
interface Normalized {
  text: string;
  from: number[];
  to: number[];
}

/**
 * Compatibility forms folded (full-width digits, ligatures, decomposed å),
 * typographic dashes made hyphens and invisible format characters removed,
 * so that a zero-width space inside a number or a word does not slip past.
 * Done per character cluster to keep a map back to the original body.
 */
function normalize(body: string): Normalized {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  for (const match of body.matchAll(CLUSTER)) {
    if (INVISIBLE.test(match[0])) continue;
    const folded = match[0].normalize('NFKC').replace(DASHES, '-');
    for (let i = 0; i < folded.length; i++) {
      from.push(match.index);
      to.push(match.index + match[0].length);
    }
    text += folded;
  }
  return { text, from, to };
}

/** Where a rule matched, as offsets into the body as written (for highlighting). */
export interface FilterHit {
  rule: FilterRule;
  start: number;
  end: number;
}

type Span = Omit<FilterHit, 'rule'>;

const spansOf = (text: string, pattern: RegExp): Span[] =>
  [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

function personnummerSpans(text: string): Span[] {
  return spansOf(text, PERSONNUMMER_CANDIDATE).filter((span) =>
    Personnummer.valid(text.slice(span.start, span.end), { allowCoordinationNumber: true, allowInterimNumber: false }),
  );
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordListPattern(wordList: string[]) {
  const alternatives = wordList
    .map((word) => normalize(word).text.trim())
    .filter((word) => word.length > 0)
    .map((word) => word.split(/\s+/u).map(escapeRegExp).join('\\s+'));
  if (alternatives.length === 0) return undefined;
  return new RegExp(`(?<!${WORD_CHAR})(?:${alternatives.join('|')})(?!${WORD_CHAR})`, 'giu');
}

/** Every place in the body that a rule matched, in the order of the rules. */
export function findFilterHits(body: string, wordList: string[]): FilterHit[] {
  const { text, from, to } = normalize(body);
  const personnummer = personnummerSpans(text);
  // A ten-digit run that is a valid personnummer is reported as one, not also as a phone number.
  const phone = spansOf(text, PHONE).filter((span) => !personnummer.some((p) => overlaps(p, span)));
  const pattern = wordListPattern(wordList);
  const links = spansOf(text, LINK);
  const found: Array<[FilterRule, Span[]]> = [
    ['personnummer', personnummer],
    ['phone', phone],
    ['email', spansOf(text, EMAIL)],
    ['word_list', pattern ? spansOf(text, pattern) : []],
    ['links', links.length > MAX_LINKS ? links : []],
  ];
  return found.flatMap(([rule, spans]) =>
    spans.map((span) => ({ rule, start: from[span.start]!, end: to[span.end - 1]! })),
  );
}

/** The rules that hold this body for review: empty when none applies. */
export function screen(body: string, wordList: string[]): FilterRule[] {
  return [...new Set(findFilterHits(body, wordList).map((hit) => hit.rule))];
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
