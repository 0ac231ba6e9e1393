import { readFile } from 'node:fs/promises';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../db/seed/demo.js';
import { useBrowserApp } from './support/fixture.js';

/** For waits that are not what the test measures. */
const WAIT = { timeout: 10_000 };
const TITLE = 'Cykelväg mellan Arboga och Köping';
const TOPIC = 'Var ska cykelvägen gå?';
const COMMENT = `Längs ån, så slipper barnen korsa riksvägen – ${Date.now()}`;
const THEME = 'Trafiksäkerhet';
const FEEDBACK = 'Vi har läst alla synpunkter. Sträckan längs ån utreds vidare.';

const fixture = useBrowserApp();

const signedIn = (email: string) => fixture.signedIn(email);

describe('an official runs a joint consultation from start to summary', () => {
  it('creates it for two municipalities, opens it, tags a citizen’s comment, publishes feedback and downloads the DOCX summary', async () => {
    const official = await signedIn(DEMO_USERS.official.email);
    const { page } = official;

    await official.session.visit(page, '/manage/new');
    await page.getByLabel('Rubrik').fill(TITLE);
    await page.getByLabel('Sammanfattning').fill('Arboga och Köping planerar en gemensam cykelväg.');
    await page.getByRole('group', { name: 'Ansvarig organisation' }).getByLabel('Arboga kommun').check();
    await page.getByRole('group', { name: 'Organisationer som samverkar i samrådet' }).getByLabel('Köpings kommun').check();
    await page.getByLabel('Fråga 1', { exact: true }).fill(TOPIC);
    await Promise.all([page.waitForURL(/\/manage\?saved=created/), page.getByRole('button', { name: 'Skapa utkast' }).click()]);
    const slug = new URL(page.url()).pathname.split('/')[2]!;

    await Promise.all([page.waitForURL(/saved=status-open/), page.getByRole('button', { name: 'Öppna samrådet nu' }).click()]);
    await official.session.audit(page);

    const citizen = await signedIn(DEMO_USERS.citizen.email);
    await citizen.session.visit(citizen.page, `/consultations/${slug}`);
    expect(await citizen.page.getByText('Köpings kommun').first().isVisible()).toBe(true);
    const topic = citizen.page.getByRole('region', { name: `Synpunkter om ${TOPIC}` });
    await topic.getByLabel('Din synpunkt').first().fill(COMMENT);
    await topic.getByRole('button', { name: 'Skicka synpunkt' }).click();
    await expect.poll(() => topic.locator('.comment__body', { hasText: COMMENT }).isVisible(), WAIT).toBe(true);

    await official.session.visit(page, `/consultations/${slug}/manage/coding`);
    await page.getByLabel('Nytt tema').fill(THEME);
    await Promise.all([page.waitForURL(/#themes$/), page.getByRole('button', { name: 'Lägg till tema' }).click()]);
    const item = page.locator('.coding-item', { hasText: COMMENT });
    await item.getByRole('checkbox', { name: new RegExp(THEME) }).check();
    await item.getByRole('button', { name: 'Spara teman' }).click();
    await expect.poll(() => item.getByRole('status').textContent(), WAIT).toBe('Sparat.');

    await official.session.visit(page, `/consultations/${slug}/manage`);
    await page.getByLabel('Återkoppling till deltagarna').fill(FEEDBACK);
    await Promise.all([page.waitForURL(/saved=feedback-published/), page.getByRole('button', { name: 'Publicera återkopplingen' }).click()]);

    await Promise.all([page.waitForURL(`**/consultations/${slug}/summary`), page.getByRole('link', { name: 'Sammanställning och export' }).click()]);
    await official.session.audit(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Som Word-dokument (DOCX)' }).click()]);
    expect(download.suggestedFilename()).toBe(`${slug}-sammanställning.docx`);
    const { value: html } = await mammoth.convertToHtml({ buffer: await readFile((await download.path())!) });

    expect(html).toContain(`<h1>Sammanställning: ${TITLE}</h1>`);
    expect(html).toContain('Arboga kommun (ansvarig), Köpings kommun');
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual([
      'Om samrådet',
      'Deltagande',
      'Synpunkter per fråga',
      'Teman',
      'Omröstningar',
      'Moderering',
      'Återkoppling',
    ]);
    expect(html).toContain(`<h3>${TOPIC}</h3>`);
    expect(html).toContain(`<h3>${THEME}</h3>`);
    expect(html).toContain('1 synpunkter har kodats med temat.');
    expect(html).toContain(COMMENT);
    expect(html).toContain(FEEDBACK);
    expect(html).toContain('alt="Deltagare per hemkommun: Kungsör 1"');

    await official.session.assertAccessible();
    await citizen.session.assertAccessible();
  });
});
