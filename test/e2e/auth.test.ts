import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo.js';
import { logIn } from './support/browser.js';
import { useBrowserApp } from './support/fixture.js';

const fixture = useBrowserApp();

describe('accounts in a real browser', () => {
  it('registers a new citizen, who is then signed in', async () => {
    const { session, page } = await fixture.open();
    await session.visit(page, '/register');
    await page.getByLabel('Namn som visas för andra').fill('Eva Strand');
    await page.getByLabel('E-postadress').fill(`eva-${Date.now()}@example.se`);
    await page.getByLabel('Lösenord').fill('ett-bra-losenord');
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    await expect.poll(() => page.getByText('Inloggad som Eva Strand').isVisible()).toBe(true);
    await session.assertAccessible();
  });

  it('shows clear form errors when registration is incomplete', async () => {
    const { session, page } = await fixture.open();
    await session.visit(page, '/register');
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Ange en giltig e-postadress.');
    await expect.poll(() => page.getByLabel('E-postadress').getAttribute('aria-invalid')).toBe('true');
    await session.assertAccessible();
  });

  it('logs in as the demo citizen, opens the joint consultation and logs out', async () => {
    const { session, page } = await fixture.open();
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
    const { session, page } = await fixture.open();
    await session.visit(page, '/login');
    await page.getByLabel('E-postadress').fill(DEMO_USERS.citizen.email);
    await page.getByLabel('Lösenord').fill('fel-losenord-1');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Fel e-postadress eller lösenord.');
    await session.assertAccessible();
  });

  it('works without JavaScript: the start page, login and the consultation', async () => {
    const { session, page } = await fixture.open({ javaScript: false });
    await session.visit(page, '/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pågående samråd');
    await logIn(session, page, DEMO_USERS.citizen.email, DEMO_PASSWORD);
    expect(await page.getByText(`Inloggad som ${DEMO_USERS.citizen.name}`).isVisible()).toBe(true);
    await session.visit(page, '/consultations/skolorganisation-koping');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ny skolorganisation för årskurs F–6 i Köping');
    await session.assertAccessible();
  });

  it('switches the interface to English and back', async () => {
    const { session, page } = await fixture.open();
    await session.visit(page, '/');
    await page.getByRole('button', { name: 'In English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Open consultations');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'På svenska' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Pågående samråd');
    await session.assertAccessible();
  });
});
