import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../../db/seed/demo.js';
import { startApp, type App } from './app.js';
import { launchBrowser, logIn, Session } from './browser.js';

/**
 * One built server and one Chromium for a test file. The browser sessions a
 * test opens are closed after it.
 */
export function useBrowserApp() {
  let app: App | undefined;
  let browser: Browser | undefined;
  const sessions: Session[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  const fixture = {
    get app(): App {
      if (!app) throw new Error('the app starts in beforeAll');
      return app;
    },

    /** A fresh browser context (no cookies) with one page. */
    async open(options: { javaScript?: boolean } = {}) {
      const session = await Session.open(browser!, fixture.app, options);
      sessions.push(session);
      return { session, page: await session.newPage() };
    },

    /** A fresh browser context logged in as a demo account through the login form. */
    async signedIn(email: string, options: { javaScript?: boolean } = {}) {
      const opened = await fixture.open(options);
      await logIn(opened.session, opened.page, email, DEMO_PASSWORD);
      return opened;
    },
  };
  return fixture;
}
