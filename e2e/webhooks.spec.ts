/**
 * No token lost: the page is closed before TOKEN_SUCCESS reaches the app's server, and Ingo's
 * tokenization webhook (the sandbox's) brings the token there anyway.
 */
import {
  clickBelowHostedForm,
  confirm,
  DEMOS,
  expect,
  fillFundingForm,
  openDemo,
  test,
  token,
} from './support.js';

for (const demo of DEMOS) {
  test.describe(`${demo.name} demo`, () => {
    test('a token the page never handed over reaches the server by webhook', async ({
      page,
      context,
      consoleWatch,
      sandbox,
    }) => {
      // The page's own hand-over never arrives (a tab closed, a lost connection).
      consoleWatch.allow(/Failed to (load resource|fetch)|ERR_FAILED|api\/demo\/account/);
      await page.route('**/api/demo/account', (route) => route.abort());
      const frame = await openDemo(page, demo);
      await fillFundingForm(frame, { destination: 'debit', outcome: 'success' });
      await confirm(frame);
      await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
      const customerAccountToken = (await token(page).textContent()) ?? '';
      await page.close();

      const again = await context.newPage();
      await again.goto(demo.url);
      const kept = again.getByTestId('server-account');
      await expect(kept).toContainText(customerAccountToken);
      await expect(kept).toContainText("from Ingo's webhook");
      // The sandbox delivered it, signed, to this app's endpoint.
      const webhooks = await sandbox.webhooks();
      const ours = webhooks.filter(
        (w) =>
          w.url === `${demo.url}api/ingo/webhook` &&
          w.body.data.event.customer_account_token === customerAccountToken,
      );
      expect(ours.map((w) => w.state)).toContain('delivered');
      // And the account moves money like any other.
      await clickBelowHostedForm(again.getByRole('button', { name: 'Send $25.00' }));
      await expect(again.getByTestId('payout-result')).toContainText('send · succeeded');
    });
  });
}
