/**
 * `@ingo-embed/sandbox/playwright`: a `test` whose `sandbox` fixture starts the sandbox for the
 * run (or connects to one), reset before each test, and helpers that drive the hosted iFrame as
 * a user would, with the sandbox's documented test data.
 *
 * ```ts
 * import { confirm, expect, fillFundingForm, hostedFrame, test } from '@ingo-embed/sandbox/playwright';
 * test('adds a debit card', async ({ page, sandbox }) => {
 *   await page.goto('/');
 *   const frame = hostedFrame(page);
 *   await fillFundingForm(frame, { destination: 'debit', outcome: 'success' });
 *   await confirm(frame);
 * });
 * ```
 */
import { test as base, type Frame, type FrameLocator, type Page } from '@playwright/test';
import { SANDBOX_DEFAULTS, type SandboxOptions } from './config.js';
import { FUNDING_TEST_DATA, type FundingOutcome } from './funding-data.js';
import type { FundingDestination } from './protocol.js';
import { startSandbox } from './server.js';
import { connectSandbox, type SandboxClient } from './testing.js';

export { expect } from '@playwright/test';
export * from './testing.js';

export interface SandboxFixtureOptions extends SandboxOptions {
  /** Use the sandbox already running at this URL (e.g. the CLI in `webServer`) instead of starting one. */
  url?: string;
  /** Reset the sandbox before each test (default true). Share one sandbox only with `workers: 1`. */
  resetBetweenTests?: boolean;
}

export interface SandboxWorkerFixtures {
  /** How the `sandbox` fixture gets its sandbox: `test.use({ sandboxOptions: { … } })`. */
  sandboxOptions: SandboxFixtureOptions;
  /** The sandbox of this worker: started on `sandboxOptions.port` (default 4010), or connected. */
  sandbox: SandboxClient;
}

export interface SandboxTestFixtures {
  /** Automatic: resets the sandbox before each test unless `resetBetweenTests` is false. */
  sandboxReset: undefined;
}

export const test = base.extend<SandboxTestFixtures, SandboxWorkerFixtures>({
  sandboxOptions: [{}, { scope: 'worker', option: true }],
  sandbox: [
    async ({ sandboxOptions }, use) => {
      const { url, resetBetweenTests: _reset, ...options } = sandboxOptions;
      const credentials = {
        ...(options.username === undefined ? {} : { username: options.username }),
        ...(options.secret === undefined ? {} : { secret: options.secret }),
        ...(options.participantId === undefined ? {} : { participantId: options.participantId }),
      };
      if (url) {
        await use(connectSandbox(url, credentials));
        return;
      }
      const running = await startSandbox({ port: SANDBOX_DEFAULTS.port, ...options });
      try {
        await use(connectSandbox(running.url, credentials));
      } finally {
        await running.close();
      }
    },
    { scope: 'worker' },
  ],
  sandboxReset: [
    async ({ sandbox, sandboxOptions }, use) => {
      if (sandboxOptions.resetBetweenTests !== false) await sandbox.reset();
      await use(undefined);
    },
    { auto: true },
  ],
});

/** Where the form is: the hosted iFrame in a page, that frame, or the hosted page opened directly. */
export type FundingFormScope = FrameLocator | Frame | Page;

export interface FillFundingFormOptions {
  destination: FundingDestination;
  /** Default `success`. */
  outcome?: FundingOutcome;
  /** Cards only: the TERMINAL_FAILURE code, `700` (default) or `1105` (recipient verification). */
  errorCode?: '700' | '1105';
}

/** The hosted iFrame in `page` (the sandbox's hosted page URLs are `/session/…`). */
export function hostedFrame(page: Page, iframe = 'iframe[src*="/session/"]'): FrameLocator {
  return page.frameLocator(iframe);
}

/**
 * Fills the destination's form with test data for `outcome` and presses Continue, which leaves
 * the form on its confirmation step ("Confirm your account"). English (en-US) labels.
 */
export async function fillFundingForm(
  frame: FundingFormScope,
  { destination, outcome = 'success', errorCode = '700' }: FillFundingFormOptions,
): Promise<void> {
  switch (destination) {
    case 'debit':
    case 'credit': {
      const card = FUNDING_TEST_DATA.card;
      const number =
        outcome === 'terminal_failure' ? card.terminal_failure[errorCode] : card[outcome];
      await frame.getByLabel('Card number').fill(number);
      await frame.getByLabel('Expiration date (MM/YY)').fill(card.expiration);
      await frame.getByLabel('Security code (CVV)').fill(card.cvv);
      await frame.getByLabel('Name on card').fill(card.name);
      break;
    }
    case 'ach':
      await frame.getByLabel('Routing number').fill(FUNDING_TEST_DATA.ach.routingNumber);
      await frame
        .getByLabel('Account number', { exact: true })
        .fill(FUNDING_TEST_DATA.ach[outcome]);
      await frame.getByLabel('Checking').check();
      break;
    case 'billpay': {
      const data = FUNDING_TEST_DATA.billpay;
      await frame.getByLabel('Biller name').fill(data.search);
      await frame.getByRole('button', { name: 'Search' }).click();
      await frame.getByLabel(data.biller).check();
      await frame.getByLabel('Account number at biller').fill(data[outcome]);
      break;
    }
    case 'paypal':
      await frame.getByLabel('PayPal email address').fill(FUNDING_TEST_DATA.paypal[outcome]);
      break;
  }
  await frame.getByRole('button', { name: 'Continue' }).click();
}

/** Presses Confirm on the confirmation step: the sandbox verifies the account. */
export async function confirm(frame: FundingFormScope): Promise<void> {
  await frame.getByRole('button', { name: 'Confirm' }).click();
}

/** Presses Cancel (on the form or the confirmation step): FUNDING_CANCELED. */
export async function cancel(frame: FundingFormScope): Promise<void> {
  await frame.getByRole('button', { name: 'Cancel' }).click();
}

/** Presses Continue on the failure page: TERMINAL_FAILURE_ACKNOWLEDGED. */
export async function acknowledgeFailure(frame: FundingFormScope): Promise<void> {
  await frame.getByRole('button', { name: 'Continue' }).click();
}
