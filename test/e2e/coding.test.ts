import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../db/seed/demo.js';
import { useBrowserApp } from './support/fixture.js';

// The closed demo consultation about the library has three published comments.
const LIBRARY = 'bibliotekets-oppettider-kungsor';
const RESCUE = 'raddningstjanst-vastra-malardalen';

const fixture = useBrowserApp();

const official = (options: { javaScript?: boolean } = {}) => fixture.signedIn(DEMO_USERS.official.email, options);

describe('the officials’ pages in a real browser', () => {
  it('tag comments from the keyboard: a number key toggles that theme and saves it', async () => {
    const { session, page } = await official();
    await session.visit(page, `/consultations/${LIBRARY}/manage/coding`);
    for (const name of ['Kvällsöppet', 'Personal']) {
      await page.getByLabel('Nytt tema').fill(name);
      await Promise.all([page.waitForURL(/#themes$/), page.getByRole('button', { name: 'Lägg till tema' }).click()]);
      await page.locator('.theme-list li').filter({ hasText: name }).waitFor();
    }

    await page.locator('.coding-list[data-shortcuts="on"]').waitFor();
    const first = page.locator('.coding-item').first();
    const second = page.locator('.coding-item').nth(1);
    await first.getByRole('checkbox', { name: /Personal/ }).waitFor();
    await first.getByRole('checkbox', { name: /Kvällsöppet/ }).focus();
    await page.keyboard.press('2');
    await expect.poll(() => first.getByRole('status').textContent(), { timeout: 10_000 }).toBe('Sparat.');
    expect(await first.getByRole('checkbox', { name: /Personal/ }).isChecked()).toBe(true);

    await page.keyboard.press('j');
    await expect.poll(() => second.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('1');
    await expect.poll(() => second.getByRole('status').textContent(), { timeout: 10_000 }).toBe('Sparat.');

    const coded = await page.request.get(`/api/v1/consultations/${LIBRARY}/coding`);
    const { themes, comments } = (await coded.json()) as { themes: Array<{ id: number; name: string }>; comments: Array<{ themeIds: number[] }> };
    const id = (name: string) => themes.find((t) => t.name === name)!.id;
    expect(comments[0]!.themeIds).toEqual([id('Personal')]);
    expect(comments[1]!.themeIds).toEqual([id('Kvällsöppet')]);
    await session.assertAccessible();
  });

  it('are accessible, with the key figures labelled as illustrative', async () => {
    const { session, page } = await official();
    await session.visit(page, '/manage');
    expect(await page.getByRole('link', { name: 'Gemensam räddningstjänst för Arboga, Köping och Kungsör' }).isVisible()).toBe(true);
    await session.visit(page, '/manage/new');
    await session.visit(page, `/consultations/${RESCUE}/manage`);
    await page.getByRole('button', { name: 'Förhandsgranska' }).first().click();
    await expect.poll(() => page.getByRole('heading', { name: 'Förhandsgranskning' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await session.audit(page);
    await session.visit(page, `/consultations/${RESCUE}`);
    expect(await page.getByRole('table', { name: /Arboga kommun/ }).isVisible()).toBe(true);
    expect(await page.getByText(/Exempelvärden/).first().isVisible()).toBe(true);
    await session.assertAccessible();
  });

  it('work without JavaScript: moving a topic and saving feedback', async () => {
    const { session, page } = await official({ javaScript: false });
    await session.visit(page, `/consultations/${RESCUE}/manage`);
    await Promise.all([page.waitForURL(/saved=move-topic/), page.getByRole('button', { name: 'Flytta ned ”Stationer och insatstider”' }).click()]);
    expect(await page.getByLabel('Frågan').first().inputValue()).toBe('Förebyggande arbete och information');
    await page.getByLabel('Återkoppling till deltagarna').fill('Vi har läst alla synpunkter.');
    await Promise.all([page.waitForURL(/saved=feedback-save/), page.getByRole('button', { name: 'Spara utkast' }).click()]);
    expect(await page.getByText('Utkastet till återkoppling har sparats').isVisible()).toBe(true);
    await session.assertAccessible();
  });
});
