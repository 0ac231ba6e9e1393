import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo.js';
import { startApp, type App } from './support/app.js';
import { launchBrowser, logIn, Session } from './support/browser.js';

let app: App;
let browser: Browser;
let session: Session | undefined;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('accounts in a real browser', () => {
  it('registers a new citizen, who is then signed in', async () => {
    session = await Session.open(browser, app);
    const page = await session.newPage();
    await session.visit(page, '/register');
    await page.getByLabel('Namn som visas för andra').fill('Eva Strand');
    await page.getByLabel('E-postadress').fill(`eva-${Date.now()}@example.se`);
    await page.getByLabel('Lösenord').fill('ett-bra-losenord');
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    await expect.poll(() => page.getByText('Inloggad som Eva Strand').isVisible()).toBe(true);
    await session.assertAccessible();
  });

  it('shows clear form errors when registration is incomplete', async () => {
    session = await Session.open(browser, app);
    const page = await session.newPage();
    await session.visit(page, '/register');
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Ange en giltig e-postadress.');
    await expect.poll(() => page.getByLabel('E-postadress').getAttribute('aria-invalid')).toBe('true');
    await session.assertAccessible();
  });

  it('logs in as the demo citizen, opens the joint consultation and logs out', async () => {
    session = await Session.open(browser, app);
    const page = await session.newPage();
    await logIn(session, page, DEMO_USERS.citizen.email, DEMO_PASSWORD);
    await expect.poll(() => page.getByText(`Inloggad som ${DEMO_USERS.citizen.name}`).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Gemensam räddningstjänst för Arboga, Köping och Kungsör' }).click();
    await page.waitForURL('**/consultations/raddningstjanst-vastra-malardalen');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Gemensam räddningstjänst för Arboga, Köping och Kungsör');
    await expect.poll(() => page.getByRole('heading', { name: 'Stationer och insatstider', exact: true }).isVisible()).toBe(true);
    await session.audit(page);

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Logga in' }).isVisible()).toBe(true);
    await session.assertAccessible();
  });

  it('refuses a wrong password without saying whether the account exists', async () => {
    session = await Session.open(browser, app);
    const page = await session.newPage();
    await session.visit(page, '/login');
    await page.getByLabel('E-postadress').fill(DEMO_USERS.citizen.email);
    await page.getByLabel('Lösenord').fill('fel-losenord-1');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Fel e-postadress eller lösenord.');
    await session.assertAccessible();
  });

  it('works without JavaScript: the start page, login and the consultation', async () => {
    session = await Session.open(browser, app, { javaScript: false });
    const page = await session.newPage();
    await session.visit(page, '/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pågående samråd');
    await logIn(session, page, DEMO_USERS.citizen.email, DEMO_PASSWORD);
    expect(await page.getByText(`Inloggad som ${DEMO_USERS.citizen.name}`).isVisible()).toBe(true);
    await session.visit(page, '/consultations/skolorganisation-koping');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ny skolorganisation för årskurs F–6 i Köping');
    await session.assertAccessible();
  });

  it('switches the interface to English and back', async () => {
    session = await Session.open(browser, app);
    const page = await session.newPage();
    await session.visit(page, '/');
    await page.getByRole('button', { name: 'In English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Open consultations');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'På svenska' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Pågående samråd');
    await session.assertAccessible();
  });
});
