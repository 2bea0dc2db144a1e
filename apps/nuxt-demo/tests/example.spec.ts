/**
 * What a customer's own browser test looks like: the recipient fails verification once, tries
 * again and succeeds, and the server keeps the token (from the page and from Ingo's webhook).
 */
import {
  confirm,
  expect,
  fillFundingForm,
  hostedFrame,
  test,
} from '@ingo-embed/sandbox/playwright';

test('a recipient adds a debit card after one failed attempt', async ({ page, sandbox }) => {
  await page.goto('/');
  const frame = hostedFrame(page);

  await fillFundingForm(frame, { destination: 'debit', outcome: 'terminal_failure' });
  await confirm(frame);
  await expect(page.getByTestId('error')).toContainText('terminal_failure');
  await page.getByRole('button', { name: 'Try again' }).click();

  await fillFundingForm(frame, { destination: 'debit', outcome: 'success' });
  await confirm(frame);
  await expect(page.getByTestId('account-status')).toHaveText('Saved on the server.');

  // What Ingo (the sandbox) saw: one session, completed after one failed attempt.
  const [session] = await sandbox.sessions();
  expect(session).toMatchObject({ state: 'completed', failed_attempts: 1 });
  const token = session?.customer_account_token;
  await expect(page.getByTestId('token')).toHaveText(token ?? '');
  // Ingo's tokenization webhook reached the app's endpoint.
  await sandbox.waitForWebhook(
    (w) => w.body.data.event.customer_account_token === token && w.state === 'delivered',
  );
});
