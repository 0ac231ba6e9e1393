import { describe, expect, it } from 'vitest';
import { explainFilterRule, explainHeldBy, FILTER_RULES, findFilterHits, screen } from '../server/moderation/filters.js';

const rules = (body: string, wordList: string[] = []) => screen(body, wordList);

describe('personnummer filter', () => {
  it.each([
    ['10 digits with a hyphen', '811228-9874'],
    ['10 digits without separator', '8112289874'],
    ['10 digits with a plus (100 years or older)', '121212+1212'],
    ['12 digits with a hyphen', '19811228-9874'],
    ['12 digits without separator', '198112289874'],
    ['12 digits with a plus', '19121212+1212'],
    ['a samordningsnummer (day + 60), 10 digits', '701063-2391'],
    ['a samordningsnummer, 12 digits without separator', '197010632391'],
    ['someone born in the 2000s', '050101-2389'],
  ])('holds %s', (_, number) => {
    expect(rules(number)).toEqual(['personnummer']);
  });

  it.each([
    ['a wrong check digit, 10 digits', '811228-9875'],
    ['a wrong check digit, 12 digits', '19811228-9873'],
    ['a wrong check digit without separator', '8112289870'],
    ['a samordningsnummer with a wrong check digit', '701063-2390'],
    ['a day that does not exist even as a samordningsnummer', '811292-9874'],
  ])('lets through %s', (_, number) => {
    expect(rules(number)).toEqual([]);
  });

  it.each([
    'Jag heter Anna, mitt personnummer är 811228-9874 och jag bor i Arboga.',
    'pnr:198112289874.',
    '(811228-9874)',
    'Mitt nummer\n811228+9874\när gammalt.',
    'Med ett hårt bindestreck 811228\u20119874.',
    'Med mellanslag med noll bredd 811228\u200B-9874.',
    'Med helbreddssiffror ８１１２２８-９８７４.',
  ])('finds a number embedded in text: %j', (body) => {
    expect(rules(body)).toContain('personnummer');
  });

  it.each([
    ['an ISO date', 'Mötet hölls 2024-01-15 i stadshuset.'],
    ['a compact date', 'Beslut 20240115 i nämnden.'],
    ['a date and a time', 'Den 2024-01-15 kl 10:30 öppnar vi.'],
    ['a birth date alone', 'Jag är född 19811228 och har bott här sedan dess.'],
    ['an order number with a wrong check digit', 'Ordernummer 811228-9875 kom aldrig fram.'],
    ['a 12-digit order number with a wrong check digit', 'Ärende 198112289870 är fortfarande öppet.'],
    ['a longer reference number that contains a valid one', 'OCR 4198112289874 på fakturan.'],
    ['an amount', 'Budgeten är 1 250 000 kronor för 2025.'],
  ])('does not mistake %s for a personnummer', (_, body) => {
    expect(rules(body)).not.toContain('personnummer');
  });

  it.each(['070-123 45 67', '+46 70 123 45 67', '08-123 456 78', '0701234567', '031-12 34 56'])(
    'does not mistake the phone number %s for a personnummer',
    (phone) => {
      expect(rules(`Ring mig på ${phone} efter fem.`)).toEqual(['phone']);
    },
  );

  it('reports a ten-digit run that is a valid personnummer once, as a personnummer', () => {
    expect(rules('Nummer 0501012389')).toEqual(['personnummer']);
  });
});

describe('phone number filter', () => {
  it.each([
    '070-123 45 67',
    '070 123 45 67',
    '0701234567',
    '+46 70 123 45 67',
    '+46701234567',
    '0046 70 123 45 67',
    '+46 (0)70-123 45 67',
    '08-123 456 78',
    '08-12 34 56',
    '031-12 34 56',
    '0470-123 45',
  ])('holds %s', (phone) => {
    expect(rules(`Kontakta mig: ${phone}.`)).toEqual(['phone']);
  });

  it.each([
    ['a date', 'Den 2024-01-15 röstar fullmäktige.'],
    ['a year range', 'Under 2020-2024 ökade kostnaderna.'],
    ['a postal code', 'Adressen är Storgatan 1, 732 30 Arboga.'],
    ['an amount', 'Det kostar 12 500 000 kronor.'],
    ['an order number glued to letters', 'Ordernummer AB-0701234567 gäller.'],
    ['a reference number in a longer code', 'Diarienummer KS-2024/0123-456.'],
    ['a personnummer', 'Mitt personnummer 811228-9874.'],
    ['a short number', 'Ring 112 eller 1177.'],
  ])('does not hold %s', (_, body) => {
    expect(rules(body)).not.toContain('phone');
  });
});

describe('e-mail filter', () => {
  it.each(['anna.svensson@arboga.se', 'Skriv till ANNA+samrad@exempel.com!', 'åsa.öberg@kommun.se'])('holds %s', (body) => {
    expect(rules(body)).toEqual(['email']);
  });

  it.each(['Vi ses @ stadshuset', 'Följ @arbogakommun', 'kl 10@15'])('does not hold %j', (body) => {
    expect(rules(body)).toEqual([]);
  });
});

describe('word list filter', () => {
  const wordList = ['idiot', 'åsna', 'dumma människor'];

  it.each([
    'Vilken idiot som föreslog detta.',
    'IDIOT!',
    'Idiot-förslag.',
    'Du är en Åsna.',
    'ÅSNA',
    'Alla dumma   människor håller med.',
    'Id\u200Biot.',
  ])('holds %j', (body) => {
    expect(rules(body, wordList)).toEqual(['word_list']);
  });

  it.each([
    ['a longer word that starts with the listed one', 'Idioterna i fullmäktige.'],
    ['Swedish letters right after the word', 'Åsnans hage ligger nära skolan.'],
    ['Swedish letters right before the word', 'Ärsnaåsna är inget ord.'],
    ['a word that contains the listed one', 'En idiotisk tanke.'],
  ])('matches whole words only: not %s', (_, body) => {
    expect(rules(body, wordList)).toEqual([]);
  });

  it('treats regular expression characters in the list literally', () => {
    expect(rules('a.b är ett kort namn', ['a+b'])).toEqual([]);
    expect(rules('a+b är ett kort namn', ['a+b'])).toEqual(['word_list']);
  });

  it('ignores an empty list and blank entries', () => {
    expect(rules('Vanlig synpunkt.', [])).toEqual([]);
    expect(rules('Vanlig synpunkt.', ['', '   '])).toEqual([]);
  });
});

describe('link filter', () => {
  const links = (n: number) => Array.from({ length: n }, (_, i) => `https://exempel${i}.se/sida`).join(' och ');

  it('lets through three links', () => {
    expect(rules(`Läs ${links(3)}.`)).toEqual([]);
  });

  it('holds more than three links', () => {
    expect(rules(`Läs ${links(4)}.`)).toEqual(['links']);
  });

  it('counts www addresses without a scheme', () => {
    expect(rules('www.a.se www.b.se www.c.se http://d.se')).toEqual(['links']);
  });
});

describe('screening', () => {
  it('lets an ordinary comment through', () => {
    expect(rules('Jag tycker att skolan i Götlunda ska vara kvar. Barnen har för långt till Arboga.', ['idiot'])).toEqual([]);
  });

  it('names every rule a comment trips, in a fixed order', () => {
    const body = `Idiot! Ring 070-123 45 67 eller mejla a@b.se, pnr 811228-9874. ${'https://x.se '.repeat(4)}`;
    expect(rules(body, ['idiot'])).toEqual(['personnummer', 'phone', 'email', 'word_list', 'links']);
  });
});

describe('filter hits for highlighting', () => {
  const marked = (body: string, wordList: string[] = []) =>
    findFilterHits(body, wordList).map((hit) => [hit.rule, body.slice(hit.start, hit.end)]);

  it('gives the offsets of each hit in the body as written', () => {
    expect(marked('Ring 070-123 45 67 eller skriv till a@b.se, pnr 811228-9874.')).toEqual([
      ['personnummer', '811228-9874'],
      ['phone', '070-123 45 67'],
      ['email', 'a@b.se'],
    ]);
  });

  it('maps hits back over invisible and decomposed characters', () => {
    const body = 'Pnr 811228\u200B-9874, du a\u030Asna!';
    expect(marked(body, ['åsna'])).toEqual([
      ['personnummer', '811228\u200B-9874'],
      ['word_list', 'a\u030Asna'],
    ]);
  });

  it('marks every link once there are too many', () => {
    expect(marked('http://a.se http://b.se http://c.se http://d.se').map(([rule]) => rule)).toEqual(['links', 'links', 'links', 'links']);
    expect(marked('http://a.se http://b.se')).toEqual([]);
  });
});

describe('explanations to the author', () => {
  it('explains every rule in Swedish', () => {
    for (const rule of FILTER_RULES) expect(explainFilterRule(rule)).toMatch(/^Din synpunkt innehåller/);
    expect(explainFilterRule('personnummer')).toContain('personnummer');
  });

  it('never echoes the word list', () => {
    const wordList = ['hemligtord'];
    const held = rules('Detta är hemligtord.', wordList);
    expect(held).toEqual(['word_list']);
    expect(explainHeldBy(held).join(' ')).not.toContain('hemligtord');
  });

  it('skips tags it does not know', () => {
    expect(explainHeldBy(['phone', 'something_else'])).toEqual([explainFilterRule('phone')]);
  });
});
