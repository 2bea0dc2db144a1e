/**
 * `<ingo-funding-form>` (@ingo-embed/element) in the custom element demo's plain HTML page
 * (apps/element-demo: an import map, no bundler, node:http), in Chromium, against the local
 * sandbox started by playwright.config.ts: every destination to TOKEN_SUCCESS, failures and
 * retry, a forged message, and what is particular to the element (its slots, its `state`
 * attribute, a move in the page, the page's CSP nonce).
 */
import type { Page } from '@playwright/test';
import {
  confirm,
  DESTINATION_LABELS,
  type Destination,
  eventLog,
  expect,
  failure,
  fillFundingForm,
  form,
  iframes,
  mountedSessionId,
  saveScreenshot,
  test,
  token,
} from './support.js';

// The `sandbox` fixture resets the sandbox (faults included) before each test.

const ELEMENT_DEMO = 'http://localhost:5176/';

const GOOD_CARD = { destination: 'debit', outcome: 'success' } as const;
const FAILING_CARD = {
  destination: 'debit',
  outcome: 'terminal_failure',
  errorCode: '1105',
} as const;

/** Opens the page and picks `destination`; resolves with the hosted iFrame. */
async function openElementDemo(page: Page, destination: Destination = 'debit') {
  await page.goto(ELEMENT_DEMO);
  await expect(
    page.getByRole('heading', { name: 'Ingo embed — Custom element demo' }),
  ).toBeVisible();
  if (destination !== 'debit') {
    await page.getByRole('radio', { name: DESTINATION_LABELS[destination], exact: true }).check();
  }
  return form(page);
}

const element = (page: Page) => page.locator('ingo-funding-form');
const placeholder = (page: Page) => page.getByText('Loading the secure form…');

test.describe('Custom element demo', () => {
  for (const destination of Object.keys(DESTINATION_LABELS) as Destination[]) {
    test(`${DESTINATION_LABELS[destination]} reaches TOKEN_SUCCESS; the server keeps the account`, async ({
      page,
    }, testInfo) => {
      const frame = await openElementDemo(page, destination);
      await fillFundingForm(frame, { destination });
      await confirm(frame);
      await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
      await expect(eventLog(page)).toContainText('TOKEN_SUCCESS');
      await expect(page.getByTestId('state')).toHaveText('tokenized');
      await expect(element(page)).toHaveAttribute('state', 'tokenized');
      await expect(page.getByTestId('account-status')).toHaveText('Saved on the server.');
      const collects = destination === 'debit' || destination === 'ach';
      await expect(page.getByRole('button', { name: 'Send $25.00' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Collect $10.00' })).toHaveCount(
        collects ? 1 : 0,
      );
      await saveScreenshot(page, testInfo, `element-demo-${destination}-success`);
    });
  }

  test('the server pays out to the account the page handed over', async ({ page, sandbox }) => {
    const frame = await openElementDemo(page);
    await fillFundingForm(frame, GOOD_CARD);
    await confirm(frame);
    await expect(page.getByTestId('account-status')).toHaveText('Saved on the server.');
    await page.getByRole('button', { name: 'Send $25.00' }).click();
    await expect(page.getByTestId('payout-result')).toContainText('send · succeeded · $25.00');
    const customerAccountToken = (await token(page).textContent()) ?? '';
    expect(await sandbox.transactions({ customerAccountToken })).toHaveLength(1);
  });

  test('shows the placeholder slot until the form is up, and the element reflects its state', async ({
    page,
    sandbox,
  }) => {
    const frame = await openElementDemo(page);
    await expect(frame.getByLabel('Card number')).toBeVisible();
    await expect(element(page)).toHaveAttribute('state', 'ready');
    await expect(placeholder(page)).toBeHidden();
    // A slow Session Create keeps the next form loading long enough to see the placeholder.
    await sandbox.faults.add({ target: 'session', latencyMs: 2_000 });
    await page.getByRole('radio', { name: DESTINATION_LABELS.ach, exact: true }).check();
    await expect(element(page)).toHaveAttribute('state', 'loading');
    await expect(placeholder(page)).toBeVisible();
    await expect(form(page).getByLabel('Routing number')).toBeVisible();
    await expect(placeholder(page)).toBeHidden();
    await expect(element(page)).toHaveAttribute('state', 'ready');
    await expect(failure(page)).toBeHidden();
  });

  test('a verification failure shows the failure slot; retrying goes on in the same session', async ({
    page,
  }) => {
    const frame = await openElementDemo(page);
    const sessionId = await mountedSessionId(page);
    await fillFundingForm(frame, FAILING_CARD);
    await confirm(frame);
    await expect(eventLog(page)).toContainText('TERMINAL_FAILURE');
    await expect(failure(page)).toBeVisible();
    await expect(failure(page)).toContainText('terminal_failure');
    await expect(element(page)).toHaveAttribute('state', 'failed');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(failure(page)).toBeHidden();
    await expect(form(page).getByLabel('Card number')).toBeVisible();
    expect(await mountedSessionId(page)).toBe(sessionId);
    await fillFundingForm(form(page), GOOD_CARD);
    await confirm(form(page));
    await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
  });

  test('a failed SDK script shows the failure slot, and retrying works once it is back', async ({
    page,
    consoleWatch,
    sandbox,
  }) => {
    // Chromium logs the refused script itself.
    consoleWatch.allow(/503|Failed to load resource/);
    await sandbox.faults.add({ target: 'sdk', status: 503, count: 1 });
    await openElementDemo(page);
    await expect(failure(page)).toContainText('script_load_failed');
    await expect(placeholder(page)).toBeHidden();
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(form(page).getByLabel('Card number')).toBeVisible();
    await fillFundingForm(form(page), GOOD_CARD);
    await confirm(form(page));
    await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
  });

  test('switching destinations keeps one iframe, each with a new session', async ({ page }) => {
    const frame = await openElementDemo(page);
    await expect(frame.getByLabel('Card number')).toBeVisible();
    const sessions = new Set([await mountedSessionId(page)]);
    for (const destination of ['ach', 'paypal', 'debit'] as const) {
      await page.getByRole('radio', { name: DESTINATION_LABELS[destination], exact: true }).check();
      await expect(form(page).getByRole('button', { name: 'Continue' })).toBeVisible();
      await expect(iframes(page)).toHaveCount(1);
      sessions.add(await mountedSessionId(page));
    }
    expect(sessions.size).toBe(4);
    await fillFundingForm(form(page), GOOD_CARD);
    await confirm(form(page));
    await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
  });

  test('moved elsewhere in the page, the element mounts a new form there that works', async ({
    page,
  }) => {
    const frame = await openElementDemo(page);
    await expect(frame.getByLabel('Card number')).toBeVisible();
    const sessionId = await mountedSessionId(page);
    await page.evaluate(() => {
      const moved = document.querySelector('ingo-funding-form');
      document.querySelector('[data-testid="event-log"]')?.before(moved as Node);
    });
    await expect(iframes(page)).toHaveCount(1);
    await expect(form(page).getByLabel('Card number')).toBeVisible();
    expect(await mountedSessionId(page)).not.toBe(sessionId);
    await fillFundingForm(form(page), GOOD_CARD);
    await confirm(form(page));
    await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
  });

  test('the SDK script carries the nonce of the page’s Content-Security-Policy', async ({
    page,
  }) => {
    const response = await page.goto(ELEMENT_DEMO);
    const policy = (await response?.headerValue('content-security-policy')) ?? '';
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    await expect(form(page).getByLabel('Card number')).toBeVisible();
    const scriptNonces = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLScriptElement>('script[src*="/sdk.js"]')].map(
        (script) => script.nonce,
      ),
    );
    expect(scriptNonces).toEqual([nonce]);
    // The browser hid the nonce from the element's attribute; the element had read it before.
    await expect(element(page)).toHaveAttribute('nonce', '');
  });

  test('a forged success message never reaches the page', async ({ page }) => {
    const frame = await openElementDemo(page);
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
    await expect(element(page)).toHaveAttribute('state', 'ready');
    // The real form still works.
    await fillFundingForm(frame, GOOD_CARD);
    await confirm(frame);
    await expect(token(page)).not.toHaveText('forged-token');
    await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
  });
});
