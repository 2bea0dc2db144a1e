import {
  confirm,
  expect,
  fillFundingForm,
  hostedFrame,
  test as sandboxTest,
} from '@ingo-embed/sandbox/playwright';
import type { FrameLocator, Locator, Page, TestInfo } from '@playwright/test';

export {
  acknowledgeFailure,
  cancel,
  confirm,
  expect,
  FUNDING_TEST_DATA,
  fillFundingForm,
} from '@ingo-embed/sandbox/playwright';

/** The sandbox `node scripts/dev.mjs --production` starts (the `sandbox` fixture connects to it). */
export const SANDBOX = 'http://127.0.0.1:4010';

/** The three sample apps, as `node scripts/dev.mjs --production` serves them. */
export const DEMOS = [
  {
    name: 'Next.js',
    url: 'http://localhost:5173/',
    app: 'next-demo',
    clientBundle: '.next/static',
  },
  { name: 'Nuxt', url: 'http://localhost:5174/', app: 'nuxt-demo', clientBundle: '.output/public' },
  {
    name: 'SvelteKit',
    url: 'http://localhost:5175/',
    app: 'sveltekit-demo',
    clientBundle: 'build/client',
  },
] as const;

export type Demo = (typeof DEMOS)[number];

export const DESTINATION_LABELS = {
  debit: 'Debit card',
  credit: 'Credit card',
  ach: 'Bank account (ACH)',
  billpay: 'BillPay',
  paypal: 'PayPal',
} as const;

export type Destination = keyof typeof DESTINATION_LABELS;

interface ConsoleWatch {
  /** Console errors matching `pattern` are expected in this test (e.g. a refused request). */
  allow(pattern: RegExp): void;
  /** Warnings fail the test too (hydration checks). */
  failOnWarnings(): void;
}

/**
 * @ingo-embed/sandbox's Playwright `test`, its `sandbox` fixture connected to the sandbox the
 * web server started (reset before each test). Every test fails on a console error or an uncaught
 * exception in the page or its frames, unless the test said it expects that one.
 */
export const test = sandboxTest.extend<{ consoleWatch: ConsoleWatch }>({
  sandboxOptions: [{ url: SANDBOX }, { scope: 'worker' }],
  consoleWatch: [
    async ({ page }, use) => {
      const allowed: RegExp[] = [];
      let warnings = false;
      const problems: string[] = [];
      page.on('console', (message) => {
        const type = message.type();
        if (type !== 'error' && !(warnings && type === 'warning')) return;
        const text = `${message.text()} (${message.location().url})`;
        if (!allowed.some((pattern) => pattern.test(text)))
          problems.push(`console.${type}: ${text}`);
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      await use({
        allow: (pattern) => allowed.push(pattern),
        failOnWarnings: () => {
          warnings = true;
        },
      });
      expect(problems, 'console errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export async function openDemo(page: Page, demo: Demo, destination: Destination = 'debit') {
  await page.goto(demo.url);
  await expect(page.getByRole('heading', { name: `Ingo embed — ${demo.name} demo` })).toBeVisible();
  if (destination !== 'debit') {
    await page.getByRole('radio', { name: DESTINATION_LABELS[destination], exact: true }).check();
  }
  return form(page);
}

/** The hosted iFrame inside the demo's form container. */
export function form(page: Page): FrameLocator {
  return hostedFrame(page, '[data-testid="funding-form"] iframe');
}

/** Opens the demo, adds an account for `destination` and waits until the server keeps it. */
export async function addAccount(page: Page, demo: Demo, destination: Destination = 'debit') {
  const frame = await openDemo(page, demo, destination);
  await fillFundingForm(frame, { destination });
  await confirm(frame);
  await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
  await expect(page.getByTestId('account-status')).toHaveText('Saved on the server.');
  return (await token(page).textContent()) ?? '';
}

/**
 * Clicks a control of the page that had to be scrolled to, below a live hosted form. Chromium
 * routes a click into a cross-site iframe by the layout of the last frame it drew: a click sent
 * right after Playwright's scroll lands in the iframe where it was before the scroll (seen: the
 * click focused the form's "Name on card" instead of pressing "Send"). A user never clicks within
 * the frame of a scroll, so scroll first and let two frames be drawn.
 */
export async function clickBelowHostedForm(control: Locator) {
  await control.scrollIntoViewIfNeeded();
  await control
    .page()
    .evaluate(
      () => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))),
    );
  await control.click();
}

export const token = (page: Page) => page.getByTestId('token');
export const failure = (page: Page) => page.getByTestId('error');
export const eventLog = (page: Page) => page.getByTestId('event-log');
export const iframes = (page: Page) => page.locator('[data-testid="funding-form"] iframe');

export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** The Ingo session the mounted iframe belongs to, read from its URL (`/session/:id`). */
export async function mountedSessionId(page: Page): Promise<string> {
  // Core adds its iframe before the session answers; wait until it has been mounted.
  const src = await page
    .locator('[data-testid="funding-form"] iframe[src*="/session/"]')
    .getAttribute('src');
  const id = /\/session\/([^/?#]+)/.exec(src ?? '')?.[1];
  if (!id) throw new Error(`No session id in the iframe URL ${src}`);
  return id;
}
