/**
 * Every user-visible flow of the three sample apps' production builds, in Chromium, against the
 * local sandbox (started by playwright.config.ts with 5-second authorized URLs).
 */
import {
  cancel,
  confirm,
  DEMOS,
  DESTINATION_LABELS,
  type Destination,
  eventLog,
  expect,
  failure,
  fillFundingForm,
  form,
  iframes,
  mountedSessionId,
  openDemo,
  saveScreenshot,
  test,
  token,
} from './support.js';

// The `sandbox` fixture resets the sandbox (faults included) before each test.

/** The sandbox's documented test data, through @ingo-embed/sandbox/playwright's form helper. */
const GOOD_CARD = { destination: 'debit', outcome: 'success' } as const;
const FAILING_CARD = {
  destination: 'debit',
  outcome: 'terminal_failure',
  errorCode: '1105',
} as const;

for (const demo of DEMOS) {
  test.describe(`${demo.name} demo`, () => {
    for (const destination of Object.keys(DESTINATION_LABELS) as Destination[]) {
      test(`${DESTINATION_LABELS[destination]} reaches TOKEN_SUCCESS; the server keeps the account`, async ({
        page,
      }, testInfo) => {
        const frame = await openDemo(page, demo, destination);
        await fillFundingForm(frame, { destination });
        await confirm(frame);
        await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
        await expect(eventLog(page)).toContainText('TOKEN_SUCCESS');
        await expect(page.getByTestId('state')).toContainText('tokenized');
        await expect(page.getByTestId('account-status')).toHaveText('Saved on the server.');
        const collects = destination === 'debit' || destination === 'ach';
        await expect(page.getByRole('button', { name: 'Send $25.00' })).toBeVisible();
        await expect(page.getByRole('button', { name: 'Collect $10.00' })).toHaveCount(
          collects ? 1 : 0,
        );
        await saveScreenshot(page, testInfo, `${demo.app}-${destination}-success`);
      });
    }

    test('BillPay shows a biller search without a match', async ({ page }) => {
      const frame = await openDemo(page, demo, 'billpay');
      await frame.getByLabel('Biller name').fill('Nonexistent Utility');
      await frame.getByRole('button', { name: 'Search' }).click();
      await expect(frame.getByText('No billers match')).toBeVisible();
      await expect(eventLog(page)).toContainText('BILLPAY_SEARCH_NO_MATCH_FOUND');
      await expect(token(page)).toHaveCount(0);
    });

    test('a verification failure can be retried in the same session, then succeeds', async ({
      page,
    }) => {
      const frame = await openDemo(page, demo);
      const sessionId = await mountedSessionId(page);
      await fillFundingForm(frame, FAILING_CARD);
      await confirm(frame);
      await expect(eventLog(page)).toContainText('TERMINAL_FAILURE');
      await expect(failure(page)).toContainText('terminal_failure');
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(failure(page)).toHaveCount(0);
      await expect(form(page).getByLabel('Card number')).toBeVisible();
      expect(await mountedSessionId(page)).toBe(sessionId);
      await fillFundingForm(form(page), GOOD_CARD);
      await confirm(form(page));
      await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
    });

    test('the attempt limit ends the session; starting over works with a new one', async ({
      page,
    }) => {
      const frame = await openDemo(page, demo);
      const sessionId = await mountedSessionId(page);
      for (let attempt = 1; attempt <= 3; attempt++) {
        await fillFundingForm(frame, FAILING_CARD);
        await confirm(frame);
        if (attempt < 3) {
          await expect(failure(page)).toContainText('terminal_failure');
          await page.getByRole('button', { name: 'Try again' }).click();
          await expect(frame.getByLabel('Card number')).toBeVisible();
        }
      }
      await expect(eventLog(page)).toContainText('MAX_VERIFICATION_ATTEMPTS_EXCEEDED');
      await expect(failure(page)).toContainText('max_attempts_exceeded');
      await page.getByRole('button', { name: 'Start over' }).click();
      await expect(form(page).getByLabel('Card number')).toBeVisible();
      expect(await mountedSessionId(page)).not.toBe(sessionId);
      await fillFundingForm(form(page), GOOD_CARD);
      await confirm(form(page));
      await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
    });

    test('a cancel is reported', async ({ page }) => {
      const frame = await openDemo(page, demo);
      await fillFundingForm(frame, GOOD_CARD);
      await cancel(frame);
      await expect(page.getByTestId('cancel')).toContainText('Canceled');
      await expect(eventLog(page)).toContainText('FUNDING_CANCELED');
      await expect(token(page)).toHaveCount(0);
    });

    test('a URL that expires before the mount is refreshed, and the form works', async ({
      page,
      sandbox,
    }) => {
      // The script arrives after the 5-second URL has expired: the app must fetch a fresh one.
      // Every script request of this test is slow (afterEach clears it): no other request can
      // use the fault up before this page's script does.
      await sandbox.faults.add({ target: 'sdk', latencyMs: 6_500 });
      const frame = await openDemo(page, demo);
      await expect(frame.getByLabel('Card number')).toBeVisible({ timeout: 20_000 });
      await expect(eventLog(page)).not.toContainText('SESSION_EXPIRED');
      // Same session, second URL: the first one expired unmounted and was never used.
      const session = await sandbox.session(await mountedSessionId(page));
      expect(session.urls_issued).toBe(2);
      await fillFundingForm(frame, GOOD_CARD);
      await confirm(frame);
      await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
    });

    test('a failed SDK script shows a clear error, and retrying works once it is back', async ({
      page,
      consoleWatch,
      sandbox,
    }) => {
      // Chromium logs the refused script itself.
      consoleWatch.allow(/503|Failed to load resource/);
      await sandbox.faults.add({ target: 'sdk', status: 503, count: 1 });
      await openDemo(page, demo);
      await expect(failure(page)).toContainText('script_load_failed');
      await expect(failure(page)).toContainText('failed to load');
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(form(page).getByLabel('Card number')).toBeVisible();
      await fillFundingForm(form(page), GOOD_CARD);
      await confirm(form(page));
      await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
    });

    test('switching destinations never shows more than one iframe', async ({ page }) => {
      await page.addInitScript(() => {
        const record = () => {
          const count = document.querySelectorAll('[data-testid="funding-form"] iframe').length;
          const w = window as unknown as { maxIframes?: number };
          w.maxIframes = Math.max(w.maxIframes ?? 0, count);
        };
        new MutationObserver(record).observe(document, { childList: true, subtree: true });
      });
      const frame = await openDemo(page, demo);
      await expect(frame.getByLabel('Card number')).toBeVisible();
      for (const destination of ['credit', 'ach', 'debit'] as const) {
        await page
          .getByRole('radio', { name: DESTINATION_LABELS[destination], exact: true })
          .check();
        await expect(iframes(page)).toHaveCount(1);
      }
      await expect(form(page).getByLabel('Card number')).toBeVisible();
      const max = await page.evaluate(
        () => (window as unknown as { maxIframes: number }).maxIframes,
      );
      expect(max).toBe(1);
    });

    test('a forged success message never reaches onToken', async ({ page }) => {
      const frame = await openDemo(page, demo);
      await expect(frame.getByLabel('Card number')).toBeVisible();
      const url = new URL((await iframes(page).getAttribute('src')) ?? '');
      const forged = {
        source: 'ingo-sandbox',
        version: 1,
        channel: url.searchParams.get('channel'),
        type: 'event',
        key: 'TOKEN_SUCCESS',
        payload: {
          session_identifier: await mountedSessionId(page),
          tracer_token: '12345_forged',
          event_name: 'iip.webplugin.token_success',
          funding_destination: 'debit',
          customer_account_token: 'forged-token',
        },
      };
      // From the page itself (right origin for nobody, wrong window) …
      await page.evaluate((message) => window.postMessage(message, '*'), forged);
      // … and from a frame of another origin, posting to the embedding page.
      await page.evaluate(() => {
        const other = document.createElement('iframe');
        other.id = 'attacker';
        other.src = 'http://127.0.0.1:5170/';
        document.body.append(other);
      });
      const attacker = await (await page.locator('#attacker').elementHandle())?.contentFrame();
      if (!attacker) throw new Error('The attacker frame did not load.');
      await attacker.waitForLoadState();
      expect(new URL(attacker.url()).origin).toBe('http://127.0.0.1:5170');
      await attacker.evaluate((message) => window.parent.postMessage(message, '*'), forged);
      await page.waitForTimeout(500);
      await expect(token(page)).toHaveCount(0);
      await expect(eventLog(page)).not.toContainText('TOKEN_SUCCESS');
      // The real form still works.
      await fillFundingForm(frame, GOOD_CARD);
      await confirm(frame);
      await expect(token(page)).not.toHaveText('forged-token');
      await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
    });

    test('the session endpoint refuses a browser that tries to choose the recipient', async ({
      page,
    }) => {
      await page.goto(demo.url);
      const response = await page.request.post(`${demo.url}api/ingo/session`, {
        data: {
          idempotencyKey: '8f14e45f-ceea-4167-a5b4-2d5f1b0d9a11',
          destination: 'debit',
          recipient: { firstName: 'Mallory', lastName: 'Attacker' },
        },
      });
      expect(response.status()).toBe(400);
      const body = await response.json();
      expect(body.error.message).toMatch(/recipient/);
    });
  });
}
