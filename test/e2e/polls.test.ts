import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo.js';
import { logIn, Session } from './support/browser.js';
import { useBrowserApp } from './support/fixture.js';

const SLUG = 'raddningstjanst-vastra-malardalen';

const fixture = useBrowserApp();

const open = fixture.open;

/** An official creates a poll on the manage page and opens it; returns its id. */
async function createAndOpenPoll(session: Session, page: Page, question: string, options: string[]) {
  await logIn(session, page, DEMO_USERS.official.email, DEMO_PASSWORD);
  await session.visit(page, `/consultations/${SLUG}/manage/polls`);
  await page.getByLabel('Fråga').fill(question);
  await page.getByLabel('Svarsalternativ').fill(options.join('\n'));
  await Promise.all([page.waitForURL(/#poll-\d+$/), page.getByRole('button', { name: 'Skapa som utkast' }).click()]);
  const pollId = Number(/#poll-(\d+)$/.exec(page.url())![1]);
  const card = page.locator(`#poll-${pollId}`);
  await Promise.all([page.waitForLoadState('load'), card.getByRole('button', { name: 'Öppna nu' }).click()]);
  await expect.poll(() => card.getByText('Öppen för röstning').isVisible()).toBe(true);
  return pollId;
}

describe('live polls in a real browser', () => {
  it('updates the presenter view within 2 seconds of a vote cast in another browser', async () => {
    const official = await open();
    const question = `Vilken station ska prioriteras? ${Date.now()}`;
    const pollId = await createAndOpenPoll(official.session, official.page, question, ['Arboga', 'Köping', 'Kungsör']);

    await official.session.visit(official.page, `/consultations/${SLUG}/polls/${pollId}/present`);
    const presenter = official.page;
    await expect.poll(() => presenter.getByRole('heading', { level: 1 }).textContent()).toBe(question);
    await expect.poll(() => presenter.getByRole('img', { name: /QR-kod till omröstningen/ }).isVisible()).toBe(true);
    expect(await presenter.getByText(`/p/${pollId}`).isVisible()).toBe(true);
    const table = presenter.getByRole('table', { name: `Resultat: ${question}` });
    const votesFor = (option: string) => table.getByRole('row', { name: new RegExp(`^${option}\\b`) }).getByRole('cell').first().textContent();
    expect(await votesFor('Köping')).toBe('0');

    const citizen = await open();
    await logIn(citizen.session, citizen.page, DEMO_USERS.citizen.email, DEMO_PASSWORD);
    await citizen.session.visit(citizen.page, `/consultations/${SLUG}`);
    const card = citizen.page.locator(`#poll-${pollId}`);
    await card.getByLabel('Köping').check();
    await Promise.all([
      citizen.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/polls/${pollId}`)),
      card.getByRole('button', { name: 'Rösta' }).click(),
    ]);

    await expect.poll(() => votesFor('Köping'), { timeout: 2_000, interval: 50 }).toBe('1');
    expect(await presenter.getByText('Antal som svarat: 1').isVisible()).toBe(true);
    await expect.poll(() => card.getByText('Du har röstat.', { exact: false }).isVisible()).toBe(true);

    await official.session.assertAccessible();
    await citizen.session.assertAccessible();
  });

  it('lets a citizen vote and change the vote without JavaScript', async () => {
    const official = await open();
    const question = `Passar kvällsmöten? ${Date.now()}`;
    const pollId = await createAndOpenPoll(official.session, official.page, question, ['Ja', 'Nej']);

    const citizen = await open({ javaScript: false });
    await logIn(citizen.session, citizen.page, DEMO_USERS.citizen.email, DEMO_PASSWORD);
    await citizen.session.visit(citizen.page, `/consultations/${SLUG}`);
    const card = citizen.page.locator(`#poll-${pollId}`);
    await card.getByLabel('Nej').check();
    await Promise.all([citizen.page.waitForLoadState('load'), card.getByRole('button', { name: 'Rösta' }).click()]);
    const results = card.getByRole('table', { name: `Resultat: ${question}` });
    expect(await results.getByRole('row', { name: /^Nej\b/ }).getByRole('cell').first().textContent()).toBe('1');

    await card.getByLabel('Ja').check();
    await Promise.all([citizen.page.waitForLoadState('load'), card.getByRole('button', { name: 'Ändra min röst' }).click()]);
    expect(await results.getByRole('row', { name: /^Ja\b/ }).getByRole('cell').first().textContent()).toBe('1');
    expect(await results.getByRole('row', { name: /^Nej\b/ }).getByRole('cell').first().textContent()).toBe('0');

    await official.session.assertAccessible();
    await citizen.session.assertAccessible();
    // Every page without scripts is audited in a copy; that takes a while on a busy machine.
  }, 120_000);
});
