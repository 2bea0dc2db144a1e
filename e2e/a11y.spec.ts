/**
 * Accessibility: axe finds no serious or critical violation in any state of the apps or of the
 * sandbox's hosted pages, and the debit flow can be done with the keyboard alone.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import {
  confirm,
  DEMOS,
  expect,
  FUNDING_TEST_DATA,
  failure,
  fillFundingForm,
  form,
  openDemo,
  test,
  token,
} from './support.js';

// The `sandbox` fixture resets the sandbox (faults included) before each test.

/** Serious and critical violations of the page and of the hosted iFrame inside it. */
async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
}

/** Presses Tab until `target` has the focus (inside its own frame, and that frame in the page). */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let press = 0; press < max; press++) {
    const focused = await target
      .evaluate((el) => el === el.ownerDocument.activeElement && el.ownerDocument.hasFocus())
      .catch(() => false);
    if (focused) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

for (const demo of DEMOS) {
  test.describe(`${demo.name} demo`, () => {
    test('axe: no serious violation while loading, ready, tokenized and failed', async ({
      page,
      sandbox,
    }) => {
      // Loading: the SDK script is held back for a while. (Not the session answer: the page
      // arrives with the session its server created while rendering it.)
      await sandbox.faults.add({ target: 'sdk', latencyMs: 3_000, count: 1 });
      await openDemo(page, demo);
      await expect(page.getByTestId('state')).toHaveText(/loading/);
      expect(await violations(page), 'loading').toEqual([]);

      await expect(form(page).getByLabel('Card number')).toBeVisible({ timeout: 10_000 });
      expect(await violations(page), 'ready (the funding form page)').toEqual([]);

      await fillFundingForm(form(page), {
        destination: 'debit',
        outcome: 'terminal_failure',
        errorCode: '1105',
      });
      await expect(form(page).getByRole('button', { name: 'Confirm' })).toBeVisible();
      expect(await violations(page), 'the confirmation page').toEqual([]);
      await confirm(form(page));
      await expect(failure(page)).toContainText('terminal_failure');
      expect(await violations(page), 'failed (and the hosted failure page)').toEqual([]);

      await page.getByRole('button', { name: 'Try again' }).click();
      await fillFundingForm(form(page), { destination: 'debit' });
      await confirm(form(page));
      await expect(token(page)).toBeVisible();
      await expect(page.getByTestId('account-status')).toHaveText('Saved on the server.');
      await page.getByRole('button', { name: 'Send $25.00' }).click();
      await expect(page.getByTestId('payout-result')).toContainText('succeeded');
      expect(await violations(page), 'tokenized, with a payout').toEqual([]);

      await page.getByRole('link', { name: 'About' }).click();
      await expect(page.getByRole('heading', { name: 'About this demo' })).toBeVisible();
      expect(await violations(page), 'the about page').toEqual([]);
    });

    test('the debit flow can be completed with the keyboard alone', async ({ page }) => {
      await openDemo(page, demo);
      const frame = form(page);
      await expect(frame.getByLabel('Card number')).toBeVisible();
      const type = async (field: Locator, text: string) => {
        await tabTo(page, field);
        await page.keyboard.type(text);
      };
      await type(frame.getByLabel('Card number'), FUNDING_TEST_DATA.card.success);
      await type(frame.getByLabel('Expiration date (MM/YY)'), '12/34');
      await type(frame.getByLabel('Security code (CVV)'), '123');
      await type(frame.getByLabel('Name on card'), 'Jane Doe');
      await tabTo(page, frame.getByRole('button', { name: 'Continue' }));
      await page.keyboard.press('Enter');
      const confirmButton = frame.getByRole('button', { name: 'Confirm' });
      await expect(confirmButton).toBeVisible();
      await tabTo(page, confirmButton);
      await page.keyboard.press('Enter');
      await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
      const send = page.getByRole('button', { name: 'Send $25.00' });
      await expect(send).toBeVisible();
      await tabTo(page, send, 120);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('payout-result')).toContainText('succeeded');
    });
  });
}
