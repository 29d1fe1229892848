/**
 * Headless Chromium for the HTML pages' tests: Debian's `chromium` driven by playwright-core (a browser
 * download is not possible here; `.ci/run` installs the package when it is missing). Each test file
 * launches one browser; every page records console errors and uncaught exceptions, and screenshots go to
 * `test-artifacts/screenshots/` for people to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const root = new URL('../..', import.meta.url).pathname;
export const screenshotDir = join(root, 'test-artifacts', 'screenshots');

function chromiumPath(): string {
  const path = process.env['KEXFUZZ_CHROMIUM'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `the browser tests need Chromium at ${path}: install it with \`apt-get install -y chromium\` (Debian), or set KEXFUZZ_CHROMIUM to its path`,
    );
  }
  return path;
}

// The machine's network is closed: background fetches by Chromium would only fail, many at a time.
const quietArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: quietArgs, headless: true });
}

export interface OpenedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions, as text, since the page started loading. */
  readonly errors: string[];
  /** Milliseconds from navigation to the load event. */
  readonly loadMs: number;
  /** Saves a full-page PNG under test-artifacts/screenshots/ and returns its path. */
  screenshot(name: string): Promise<string>;
}

/** Opens a report file as a user would (file://), at a desktop-sized viewport. */
export async function openFile(browser: Browser, file: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  const started = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const loadMs = performance.now() - started;
  return {
    page,
    errors,
    loadMs,
    async screenshot(name: string): Promise<string> {
      mkdirSync(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
  };
}
