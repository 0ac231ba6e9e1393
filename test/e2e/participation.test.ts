import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo.js';
import { logIn } from './support/browser.js';
import { useBrowserApp } from './support/fixture.js';

const SLUG = 'raddningstjanst-vastra-malardalen';
/** For waits that are not what a test measures. */
const WAIT = { timeout: 10_000 };
const FIRST_TOPIC = 'Synpunkter om Stationer och insatstider';
const LAST_TOPIC = 'Synpunkter om Frivilliga och räddningsvärn';

const fixture = useBrowserApp();

const open = fixture.open;

/** A citizen's browser on the consultation page. */
async function citizen(options: { javaScript?: boolean } = {}) {
  const opened = await open(options);
  await logIn(opened.session, opened.page, DEMO_USERS.citizen.email, DEMO_PASSWORD);
  await opened.session.visit(opened.page, `/consultations/${SLUG}`);
  return opened;
}

/** A reader's browser on the consultation page, once its live connection has joined. */
async function reader() {
  const opened = await open();
  await opened.session.visit(opened.page, `/consultations/${SLUG}`);
  await expect.poll(() => opened.page.getByText(/läser just nu/).isVisible(), WAIT).toBe(true);
  return opened;
}

/** The text of comments in a topic, as shown (not the edit forms' copies). */
const commentText = (page: Page, topic: string, body: string) =>
  page.getByRole('region', { name: topic }).locator('.comment__body', { hasText: body });

/** Writes a comment through the topic's form and waits until the page has reloaded its data. */
async function postComment(page: Page, topic: string, body: string) {
  const section = page.getByRole('region', { name: topic });
  // The first "Din synpunkt" is the new comment's; edit forms of the writer's own comments follow.
  const field = section.getByLabel('Din synpunkt').first();
  await field.fill(body);
  await section.getByRole('button', { name: 'Skicka synpunkt' }).click();
  await expect.poll(() => commentText(page, topic, body).isVisible(), WAIT).toBe(true);
  await expect.poll(() => field.inputValue(), WAIT).toBe('');
}

describe('live comments in a real browser', () => {
  it('shows a comment posted in one browser in another within 2 seconds, without a reload', async () => {
    const watching = await reader();
    const list = watching.page.getByRole('region', { name: FIRST_TOPIC });
    await list.getByRole('list').first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await watching.page.evaluate(() => Object.assign(window, { notReloaded: true }));

    const writing = await citizen();
    await expect.poll(() => watching.page.getByText('2 läser just nu').isVisible(), WAIT).toBe(true);
    const body = `Deltidsstationer räcker inte på landsbygden ${Date.now()}`;
    await postComment(writing.page, FIRST_TOPIC, body);

    await expect.poll(() => commentText(watching.page, FIRST_TOPIC, body).isVisible(), { timeout: 2_000, interval: 50 }).toBe(true);
    expect(await watching.page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const announcements = watching.page.locator('[aria-live="polite"]', { hasText: 'En ny synpunkt om Stationer och insatstider.' });
    await expect.poll(() => announcements.count(), WAIT).toBe(1);

    await watching.session.assertAccessible();
    await writing.session.assertAccessible();
  });

  it('keeps the reader in place and offers a button for comments that arrive out of view', async () => {
    const watching = await reader();
    const before = await watching.page.evaluate(() => window.scrollY);
    const writing = await citizen();
    const bodies = [`Räddningsvärn i varje by ${Date.now()}`, `Frivilliga behöver utbildning ${Date.now()}`];
    for (const body of bodies) await postComment(writing.page, LAST_TOPIC, body);

    const topic = watching.page.getByRole('region', { name: LAST_TOPIC });
    const reveal = topic.getByRole('button', { name: 'Visa 2 nya synpunkter' });
    await expect.poll(() => reveal.isVisible(), WAIT).toBe(true);
    expect(await commentText(watching.page, LAST_TOPIC, bodies[0]!).count()).toBe(0);
    expect(await watching.page.evaluate(() => window.scrollY)).toBe(before);

    await reveal.click();
    for (const body of bodies) expect(await commentText(watching.page, LAST_TOPIC, body).isVisible()).toBe(true);
    expect(await reveal.count()).toBe(0);
    const focused = await watching.page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(bodies.some((body) => focused.includes(body))).toBe(true);

    await watching.session.assertAccessible();
  });

  it('inserts a reply in a thread in view without moving the comment being read', async () => {
    const writing = await citizen();
    const api = (path: string, data?: unknown) =>
      data === undefined ? writing.page.request.get(path) : writing.page.request.post(path, { data, headers: { origin: fixture.app.url } });
    const topicId: number = (await (await api(`/api/v1/consultations/${SLUG}`)).json()).consultation.topics[0].id;
    const stamp = Date.now();
    const post = async (body: string, parentId?: number) =>
      (await (await api(`/api/v1/consultations/${SLUG}/comments`, { topicId, body, parentId })).json()).comment.id as number;
    await post(`Den äldre tråden ${stamp}`);
    const above = await post(`Den nyare tråden ${stamp}`);

    const watching = await reader();
    // Newest first: the newer thread ends just above the comment being read.
    const reading = watching.page.locator('article.comment', { hasText: `Den äldre tråden ${stamp}` });
    await reading.evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 120));
    const topBefore = await reading.evaluate((element) => element.getBoundingClientRect().top);

    const reply = `Ett svar ovanför ${stamp}`;
    await post(reply, above);
    await expect.poll(() => watching.page.locator('.comment__body', { hasText: reply }).isVisible(), WAIT).toBe(true);
    const topAfter = await reading.evaluate((element) => element.getBoundingClientRect().top);
    expect(Math.abs(topAfter - topBefore)).toBeLessThan(2);
    expect(await watching.page.getByRole('button', { name: /nya? synpunkt/ }).count()).toBe(0);
  });

  it('updates a support count in place', async () => {
    const writing = await citizen();
    const body = `Fler brandvarnare till äldre ${Date.now()}`;
    await postComment(writing.page, FIRST_TOPIC, body);
    const watching = await reader();
    const comment = watching.page.locator('article.comment', { hasText: body });
    expect(await comment.getByText('0 stöder').isVisible()).toBe(true);

    const supporter = await open();
    await logIn(supporter.session, supporter.page, DEMO_USERS.moderator.email, DEMO_PASSWORD);
    await supporter.session.visit(supporter.page, `/consultations/${SLUG}`);
    await supporter.page.locator('article.comment', { hasText: body }).getByRole('button', { name: 'Stöd' }).click();

    await expect.poll(() => comment.getByText('1 stöder').isVisible(), { timeout: 2_000, interval: 50 }).toBe(true);
  });
});

describe('without JavaScript', () => {
  it('reads and posts comments with plain forms', async () => {
    const writing = await citizen({ javaScript: false });
    const body = `Utan JavaScript går det också ${Date.now()}`;
    await postComment(writing.page, FIRST_TOPIC, body);

    const anonymous = await open({ javaScript: false });
    await anonymous.session.visit(anonymous.page, `/consultations/${SLUG}`);
    expect(await commentText(anonymous.page, FIRST_TOPIC, body).isVisible()).toBe(true);
    expect(await anonymous.page.getByText(/läser just nu/).count()).toBe(0);

    await writing.session.assertAccessible();
    await anonymous.session.assertAccessible();
  });
});
