// A real headless Chromium from npm (@sparticuz/chromium, unpacked to the temp dir on first use) driven by
// playwright-core. Each test file launches one browser and closes it in afterAll.
import chromium from '@sparticuz/chromium';
import { type Browser, type BrowserContext, chromium as playwright } from 'playwright-core';

/**
 * Launches the headless browser with chromium.args, less `--single-process`: a single-process Chromium exits
 * when its first context closes, and each test here uses its own context.
 */
async function launchBrowser(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  const args = chromium.args.filter((arg) => arg !== '--single-process');
  return playwright.launch({ executablePath, args, headless: true });
}

/**
 * A fresh context (own sessionStorage) in time zone `timezoneId` that lets requests reach only `origin`;
 * every other request is aborted and listed in `blocked`.
 */
async function isolatedContext(
  browser: Browser,
  origin: string,
  timezoneId = 'UTC',
): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({
    timezoneId,
    locale: 'en-US',
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  return { context, blocked };
}

export { isolatedContext, launchBrowser };
