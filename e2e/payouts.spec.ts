/**
 * From token to money: each app's server keeps the account and moves money with it through
 * @ingo-embed/server's pushFunds / pullFunds, against the sandbox's IngoPay emulation.
 */
import { addAccount, DEMOS, expect, test } from './support.js';

// The `sandbox` fixture resets the sandbox (faults included) before each test.

const result = (page: import('@playwright/test').Page) => page.getByTestId('payout-result');

for (const demo of DEMOS) {
  test.describe(`${demo.name} demo`, () => {
    test('token → Send $25.00 → the transaction is shown, and the sandbox holds it', async ({
      page,
      sandbox,
    }) => {
      const token = await addAccount(page, demo, 'debit');
      await page.getByRole('button', { name: 'Send $25.00' }).click();
      await expect(result(page)).toContainText('send · succeeded · $25.00 · transaction');
      await expect(result(page)).toContainText('Payment will post');
      const [transaction, ...more] = await sandbox.transactions({ customerAccountToken: token });
      expect(more).toEqual([]);
      expect(transaction).toMatchObject({ kind: 'push', amount: '25.00', account_type: 'CA' });
      await expect(result(page)).toContainText(`transaction ${transaction?.transaction_id}`);
    });

    test('Collect $10.00 pulls from a bank account', async ({ page, sandbox }) => {
      const token = await addAccount(page, demo, 'ach');
      await page.getByRole('button', { name: 'Collect $10.00' }).click();
      await expect(result(page)).toContainText('collect · succeeded · $10.00 · transaction');
      const transactions = await sandbox.transactions({ customerAccountToken: token });
      expect(transactions).toMatchObject([{ kind: 'pull', amount: '10.00', account_type: 'AC' }]);
    });

    test('a double click sends one transaction', async ({ page, sandbox }) => {
      const token = await addAccount(page, demo, 'debit');
      await page.getByRole('button', { name: 'Send $25.00' }).dblclick();
      await expect(result(page)).toContainText('succeeded');
      await page.waitForTimeout(300);
      expect(await sandbox.transactions({ customerAccountToken: token })).toHaveLength(1);
    });

    test('a declined push shows the decline', async ({ page, sandbox }) => {
      const token = await addAccount(page, demo, 'paypal');
      await sandbox.faults.add({ target: 'ingopay', ingoStatus: 700, count: 1 });
      await page.getByRole('button', { name: 'Send $25.00' }).click();
      await expect(result(page)).toContainText('send · failed · $25.00 · declined with code 700');
      expect(await sandbox.transactions({ customerAccountToken: token })).toEqual([]);
    });

    test('a push whose answer is lost is replayed with the same id: paid once', async ({
      page,
      sandbox,
    }) => {
      const token = await addAccount(page, demo, 'debit');
      await sandbox.faults.add({ target: 'ingopay', dropAfterCommit: true, count: 1 });
      await page.getByRole('button', { name: 'Send $25.00' }).click();
      await expect(result(page)).toContainText('send · succeeded', { timeout: 20_000 });
      expect(await sandbox.transactions({ customerAccountToken: token })).toHaveLength(1);
    });
  });
}
