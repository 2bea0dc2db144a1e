/**
 * The event payload envelope: the rest of the suite runs with the sandbox's default (`flat`
 * payloads); here each app (core and its framework binding, in Chromium) gets the `content`
 * shape of Ingo's older docs and the shape that carries both, and still reads the token, the
 * destination and the failure code.
 */
import {
  confirm,
  DEMOS,
  eventLog,
  expect,
  failure,
  fillFundingForm,
  form,
  openDemo,
  test,
  token,
} from './support.js';

for (const demo of DEMOS) {
  for (const envelope of ['content', 'both'] as const) {
    test(`${demo.name} demo reads "${envelope}" payloads: a failure code, then a token`, async ({
      page,
      sandbox,
    }) => {
      // Pages loaded from now on post this shape (the fixture's reset restores the default).
      await sandbox.setEventEnvelope(envelope);
      const frame = await openDemo(page, demo);
      await fillFundingForm(frame, { destination: 'debit', outcome: 'terminal_failure' });
      await confirm(frame);
      await expect(failure(page)).toContainText('terminal_failure');
      await expect(eventLog(page)).toContainText('TERMINAL_FAILURE · debit · error 700');
      await page.getByRole('button', { name: 'Try again' }).click();
      await fillFundingForm(form(page), { destination: 'debit', outcome: 'success' });
      await confirm(form(page));
      await expect(token(page)).toHaveText(/[0-9a-f-]{36}/);
      await expect(page.getByTestId('account-status')).toHaveText('Saved on the server.');
      await expect(eventLog(page)).toContainText('TOKEN_SUCCESS · debit');
    });
  }
}
