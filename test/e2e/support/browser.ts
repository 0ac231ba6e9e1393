import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { App } from './app.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

/** Debian's Chromium, never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-sync', '--disable-component-update'],
  });
}

export interface Violation {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * A browser context whose every page is checked with axe-core after each
 * load; `assertAccessible()` fails on serious or critical violations.
 */
export class Session {
  readonly violations: Violation[] = [];
  readonly #audits: Promise<void>[] = [];

  private constructor(
    readonly app: App,
    readonly context: BrowserContext,
    private readonly browser: Browser,
    readonly javaScript: boolean,
  ) {}

  static async open(browser: Browser, app: App, options: { javaScript?: boolean; locale?: string } = {}) {
    const javaScript = options.javaScript ?? true;
    const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: javaScript, locale: options.locale ?? 'sv-SE' });
    return new Session(app, context, browser, javaScript);
  }

  async newPage(): Promise<Page> {
    const page = await this.context.newPage();
    page.on('load', () => this.#audits.push(this.audit(page).catch(() => {})));
    return page;
  }

  /** Navigates and waits until the page has loaded (and hydrated, with JS). */
  async visit(page: Page, path: string) {
    const response = await page.goto(path);
    if (this.javaScript) await page.waitForFunction(() => (window as { __reactRouterContext?: unknown }).__reactRouterContext !== undefined);
    await this.audit(page);
    return response;
  }

  readonly #running = new WeakMap<Page, Promise<void>>();

  /** Runs axe on what the page shows now and records serious or critical violations. */
  audit(page: Page): Promise<void> {
    // One axe run at a time per page: axe refuses to run twice at once.
    const next = (this.#running.get(page) ?? Promise.resolve()).catch(() => {}).then(() => this.#audit(page));
    this.#running.set(page, next);
    return next;
  }

  async #audit(page: Page) {
    if (page.isClosed()) return;
    const url = page.url();
    const results = this.javaScript ? await runAxe(page) : await this.#auditWithoutScripts(page);
    for (const v of results) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      if (this.violations.some((known) => known.page === url && known.id === v.id)) continue;
      this.violations.push({ page: url, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) });
    }
  }

  /** axe needs scripts: audit a copy of the page's HTML, scripts removed, in a scripted page. */
  async #auditWithoutScripts(page: Page) {
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    const url = page.url();
    const context = await this.browser.newContext({ baseURL: this.app.url });
    try {
      const copy = await context.newPage();
      await copy.route(url, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
      await copy.goto(url);
      return await runAxe(copy);
    } finally {
      await context.close();
    }
  }

  async assertAccessible() {
    await Promise.all(this.#audits);
    for (const page of this.context.pages()) await this.audit(page);
    expect(this.violations, formatViolations(this.violations)).toEqual([]);
  }

  async close() {
    await this.context.close();
  }
}

interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function runAxe(page: Page): Promise<AxeResult[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeResult[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

function formatViolations(violations: Violation[]) {
  return violations.map((v) => `${v.impact} ${v.id} on ${v.page}: ${v.help} (${v.targets.join(', ')})`).join('\n');
}

/** Logs in through the login form, as a person would. */
export async function logIn(session: Session, page: Page, email: string, password: string) {
  await session.visit(page, '/login');
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Logga in' }).click()]);
}
