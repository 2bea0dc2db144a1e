import {
  test as base,
  expect,
  type FrameLocator,
  type Page,
  type TestInfo,
} from '@playwright/test';

export { expect };

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

/** The sandbox's documented test data (packages/sandbox/README.md). */
export const TEST_DATA = {
  goodCard: '4111111111111111',
  failingCard: '4000000000000119',
  routingNumber: '011000015',
  goodAccount: '123456789',
  biller: 'Sandbox Electric',
  billerAccount: '55501234',
  paypal: 'jane.doe@example.com',
};

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
 * Every test fails on a console error or an uncaught exception in the page or its frames,
 * unless the test said it expects that one.
 */
export const test = base.extend<{ consoleWatch: ConsoleWatch }>({
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
  return page.frameLocator('[data-testid="funding-form"] iframe');
}

export async function enterCard(frame: FrameLocator, number: string) {
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiration date (MM/YY)').fill('12/34');
  await frame.getByLabel('Security code (CVV)').fill('123');
  await frame.getByLabel('Name on card').fill('Jane Doe');
  await frame.getByRole('button', { name: 'Continue' }).click();
}

/** Fills the destination's form with succeeding values and continues to its confirmation step. */
export async function enterAccount(frame: FrameLocator, destination: Destination) {
  switch (destination) {
    case 'debit':
    case 'credit':
      return enterCard(frame, TEST_DATA.goodCard);
    case 'ach':
      await frame.getByLabel('Routing number').fill(TEST_DATA.routingNumber);
      await frame.getByLabel('Account number', { exact: true }).fill(TEST_DATA.goodAccount);
      await frame.getByLabel('Checking').check();
      break;
    case 'billpay':
      await frame.getByLabel('Biller name').fill(TEST_DATA.biller);
      await frame.getByRole('button', { name: 'Search' }).click();
      await frame.getByLabel('Sandbox Electric Company').check();
      await frame.getByLabel('Account number at biller').fill(TEST_DATA.billerAccount);
      break;
    case 'paypal':
      await frame.getByLabel('PayPal email address').fill(TEST_DATA.paypal);
      break;
  }
  await frame.getByRole('button', { name: 'Continue' }).click();
}

export async function confirm(frame: FrameLocator) {
  await frame.getByRole('button', { name: 'Confirm' }).click();
}

/** Opens the demo, adds an account for `destination` and waits until the server keeps it. */
export async function addAccount(page: Page, demo: Demo, destination: Destination = 'debit') {
  const frame = await openDemo(page, demo, destination);
  await enterAccount(frame, destination);
  await confirm(frame);
  await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
  await expect(page.getByTestId('account-status')).toHaveText('Saved on the server.');
  return (await token(page).textContent()) ?? '';
}

export const token = (page: Page) => page.getByTestId('token');
export const failure = (page: Page) => page.getByTestId('error');
export const eventLog = (page: Page) => page.getByTestId('event-log');
export const iframes = (page: Page) => page.locator('[data-testid="funding-form"] iframe');

/** What the sandbox recorded about one session (GET /__sandbox/sessions). */
export async function sandboxSession(
  page: Page,
  sessionId: string,
): Promise<{ urls_issued: number; state: string }> {
  const response = await page.request.get(`${SANDBOX}/__sandbox/sessions`);
  const { sessions } = (await response.json()) as {
    sessions: { session_identifier: string; urls_issued: number; state: string }[];
  };
  const session = sessions.find((s) => s.session_identifier === sessionId);
  if (!session) throw new Error(`The sandbox has no session ${sessionId}.`);
  return session;
}

export interface SandboxTransaction {
  transaction_id: string | number;
  kind: 'push' | 'pull';
  customer_account_token: string;
  participant_unique_id1: string;
  amount: string;
  account_type: string;
}

/** The IngoPay transactions the sandbox holds for one token. */
export async function transactionsFor(page: Page, token: string): Promise<SandboxTransaction[]> {
  const response = await page.request.get(`${SANDBOX}/__sandbox/transactions`);
  const { transactions } = (await response.json()) as { transactions: SandboxTransaction[] };
  return transactions.filter((t) => t.customer_account_token === token);
}

export async function injectFault(page: Page, fault: Record<string, unknown>) {
  const response = await page.request.post(`${SANDBOX}/__sandbox/faults`, { data: fault });
  expect(response.ok()).toBe(true);
}

export async function clearFaults(page: Page) {
  await page.request.delete(`${SANDBOX}/__sandbox/faults`);
}

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
