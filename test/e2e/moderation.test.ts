import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo.js';
import { useBrowserApp } from './support/fixture.js';

const fixture = useBrowserApp();

const SLUG = 'skolorganisation-koping';

/** The demo citizen writes through the API, as another device would. */
async function citizenWrites(body: string) {
  const login = await fetch(`${fixture.app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: fixture.app.url },
    body: JSON.stringify({ email: DEMO_USERS.citizen.email, password: DEMO_PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { consultation } = await (await fetch(`${fixture.app.url}/api/v1/consultations/${SLUG}`)).json();
  const response = await fetch(`${fixture.app.url}/api/v1/consultations/${SLUG}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: fixture.app.url, cookie },
    body: JSON.stringify({ topicId: consultation.topics[0].id, body }),
  });
  expect(response.status).toBe(201);
  return (await response.json()).comment as { id: number; state: string };
}

async function openQueue(email: string) {
  const opened = await fixture.signedIn(email);
  await opened.session.visit(opened.page, '/moderation');
  return opened;
}

/** A queue item, found by a word unique to its comment. */
const item = (page: Page, text: string) => page.locator('article.queue-item', { hasText: text });

describe('the moderation queue in a real browser', () => {
  it('shows a held comment to two moderators; one approves it with the keyboard and it leaves the other’s queue without reload', async () => {
    const text = `ärende-${Date.now()}`;
    const comment = await citizenWrites(`Min granne har telefon 070-123 45 67, ${text}.`);
    expect(comment.state).toBe('pending');

    const moderator = await openQueue(DEMO_USERS.moderator.email);
    const official = await openQueue(DEMO_USERS.official.email);
    await expect.poll(() => item(moderator.page, text).isVisible()).toBe(true);
    await expect.poll(() => item(official.page, text).isVisible()).toBe(true);
    expect(await item(moderator.page, text).locator('mark').first().textContent()).toContain('070-123 45 67');
    expect(await moderator.page.getByRole('heading', { name: 'Kortkommandon' }).isVisible()).toBe(true);

    // A comment written now appears in the open queue by itself.
    const later = `senare-${Date.now()}`;
    await citizenWrites(`Ännu en synpunkt att granska, ${later}.`);
    await expect.poll(() => item(moderator.page, later).isVisible()).toBe(true);

    // The official works with the keyboard: focus the item, press G to approve.
    await item(official.page, text).focus();
    await official.page.keyboard.press('g');
    await expect.poll(() => item(official.page, text).count()).toBe(0);
    await expect.poll(() => official.page.getByRole('status').filter({ hasText: 'Synpunkten godkändes.' }).count()).toBe(1);

    // The moderator, who did not reload, no longer sees it.
    await expect.poll(() => item(moderator.page, text).count()).toBe(0);
    expect(await item(moderator.page, later).isVisible()).toBe(true);

    await moderator.session.assertAccessible();
    await official.session.assertAccessible();
  });

  it('lets a moderator reject a comment without JavaScript', async () => {
    const text = `mejl-${Date.now()}`;
    await citizenWrites(`Skriv till mig på granne@example.se, ${text}.`);
    const { session, page } = await fixture.signedIn(DEMO_USERS.moderator.email, { javaScript: false });
    await session.visit(page, '/moderation');
    const entry = item(page, text);
    await entry.getByLabel('Skäl').selectOption('personal_data');
    await Promise.all([page.waitForLoadState('load'), entry.getByRole('button', { name: 'Avvisa' }).click()]);
    await expect.poll(() => page.getByText('Synpunkten avvisades.').isVisible()).toBe(true);
    expect(await item(page, text).count()).toBe(0);
    await session.assertAccessible();
  });
});
