/**
 * What the frameworks add: server rendering, hydration, client-side navigation, and production
 * client bundles that carry nothing of the server.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMOS, expect, form, iframes, openDemo, test } from './support.js';

/** What must never reach a browser: the sandbox's secret, the server package, signing code. */
const SERVER_ONLY = [
  'sandbox-secret',
  'INGO_SECRET',
  'createSessionHandler',
  'signRequest',
  'hmac-sha512',
  'Content-sha512',
  'recipient_information',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const demo of DEMOS) {
  test.describe(`${demo.name} demo`, () => {
    test('the server-rendered HTML holds the form container and the profile, not the secret', async ({
      request,
    }) => {
      const response = await request.get(demo.url);
      expect(response.status()).toBe(200);
      const html = await response.text();
      expect(html).toContain('data-testid="funding-form"');
      expect(html).toContain(`Ingo embed — ${demo.name} demo`);
      // The recipient profile comes from the server's records, rendered into the page.
      expect(html).toMatch(/value="Jane"/);
      for (const text of SERVER_ONLY) expect(html).not.toContain(text);
      // The visitor cookie ("signed in") comes with the page, HttpOnly.
      const cookie = response.headers()['set-cookie'] ?? '';
      expect(cookie).toMatch(/ingo_demo_visitor=[\w-]+/);
      expect(cookie.toLowerCase()).toContain('httponly');
    });

    test('hydration logs no error or warning, and the form becomes usable', async ({
      page,
      consoleWatch,
    }) => {
      consoleWatch.failOnWarnings();
      const frame = await openDemo(page, demo);
      await expect(frame.getByLabel('Card number')).toBeVisible();
      await expect(page.getByTestId('state')).toHaveText('ready');
      // Interactive after hydration: the recipient form saves through the server.
      await page.getByLabel('City').fill('Springfield');
      await page.getByRole('button', { name: 'Save recipient' }).click();
      await expect(page.getByTestId('recipient-status')).toContainText('Saved');
    });

    test('navigating away from the form and back leaves exactly one iframe', async ({ page }) => {
      const frame = await openDemo(page, demo);
      await expect(frame.getByLabel('Card number')).toBeVisible();
      // A marker on window survives only client-side navigation (a full load would reset it).
      await page.evaluate(() => {
        (window as unknown as { spa: boolean }).spa = true;
      });
      for (let round = 0; round < 2; round++) {
        await page.getByRole('link', { name: 'About' }).click();
        await expect(page.getByRole('heading', { name: 'About this demo' })).toBeVisible();
        await expect(iframes(page)).toHaveCount(0);
        await page.getByRole('link', { name: 'Funding form' }).click();
        await expect(form(page).getByLabel('Card number')).toBeVisible();
        await expect(iframes(page)).toHaveCount(1);
      }
      expect(await page.evaluate(() => (window as unknown as { spa?: boolean }).spa)).toBe(true);
      await page.goBack();
      await expect(page.getByRole('heading', { name: 'About this demo' })).toBeVisible();
      await page.goBack();
      await expect(form(page).getByLabel('Card number')).toBeVisible();
      await expect(iframes(page)).toHaveCount(1);
    });

    test('the production client bundle carries no secret and no signing code', () => {
      const dir = resolve('apps', demo.app, demo.clientBundle);
      const files = filesUnder(dir).filter((file) => /\.(m?js|css|html|json)$/.test(file));
      expect(files.length).toBeGreaterThan(0);
      const found = files.flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return SERVER_ONLY.filter((needle) => text.includes(needle)).map(
          (needle) => `${needle} in ${file}`,
        );
      });
      expect(found).toEqual([]);
    });
  });
}
