/**
 * The instant form in the three sample apps' production builds: the session the server creates
 * while it renders the page, the SDK hints in the page's head, and the prefetch that hovering or
 * focusing a destination starts. Sessions are counted in the sandbox (one per form, always).
 */
import type { SandboxClient, SessionView } from '@ingo-embed/sandbox/playwright';
import type { Page } from '@playwright/test';
import {
  DEMOS,
  DESTINATION_LABELS,
  type Destination,
  expect,
  form,
  mountedSessionId,
  SANDBOX,
  test,
} from './support.js';

/** The sessions the sandbox created since `before` was taken (the fixture resets it per test). */
async function createdSince(sandbox: SandboxClient, before: SessionView[]): Promise<SessionView[]> {
  const known = new Set(before.map((session) => session.session_identifier));
  return (await sandbox.sessions()).filter((session) => !known.has(session.session_identifier));
}

/** The bodies of the browser's POSTs to the session endpoint, from now on. */
function sessionRequests(page: Page): { idempotencyKey: string; destination: string }[] {
  const bodies: { idempotencyKey: string; destination: string }[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/ingo/session') {
      bodies.push(request.postDataJSON());
    }
  });
  return bodies;
}

/** What shows the form of each destination is usable. */
const FIRST_FIELD: Record<Destination, string> = {
  debit: 'Card number',
  credit: 'Card number',
  ach: 'Routing number',
  billpay: 'Biller name',
  paypal: 'PayPal email address',
};

const radio = (page: Page, destination: Destination) =>
  page.getByRole('radio', { name: DESTINATION_LABELS[destination], exact: true });

for (const demo of DEMOS) {
  test.describe(`${demo.name} demo`, () => {
    test('the server-rendered session mounts without a session request from the browser', async ({
      page,
      sandbox,
    }) => {
      const before = await sandbox.sessions();
      const requests = sessionRequests(page);
      await page.goto(demo.url);
      await expect(form(page).getByLabel('Card number')).toBeVisible();
      await expect(page.getByTestId('state')).toHaveText('ready');
      // The page came with its session: the browser never asked the endpoint.
      expect(requests).toEqual([]);
      const created = await createdSince(sandbox, before);
      expect(created).toHaveLength(1);
      expect(created[0]?.session_identifier).toBe(await mountedSessionId(page));
      expect(created[0]?.urls_issued).toBe(1);
      // The head told the browser about Ingo's SDK before any JavaScript ran.
      await expect(page.locator(`head link[rel="preload"][href="${SANDBOX}/sdk.js"]`)).toHaveCount(
        1,
      );
      await expect(page.locator(`head link[rel="preconnect"][href^="${SANDBOX}"]`)).not.toHaveCount(
        0,
      );
    });

    test('a server-rendered session too old by the time the page is interactive is renewed with its key', async ({
      page,
      sandbox,
    }) => {
      // The script arrives after the sandbox's 5-second URL expired: the form asks the endpoint,
      // with the key the page came with, and the same Ingo session gets a second URL.
      await sandbox.faults.add({ target: 'sdk', latencyMs: 6_500 });
      const before = await sandbox.sessions();
      const requests = sessionRequests(page);
      await page.goto(demo.url);
      await expect(form(page).getByLabel('Card number')).toBeVisible({ timeout: 20_000 });
      const created = await createdSince(sandbox, before);
      expect(created).toHaveLength(1);
      expect(created[0]?.session_identifier).toBe(await mountedSessionId(page));
      expect(created[0]?.urls_issued).toBe(2);
      expect(requests).toHaveLength(1);
      expect(requests[0]?.destination).toBe('debit');
    });

    for (const [destination, intent] of [
      ['ach', 'hover'],
      ['paypal', 'focus'],
    ] as const) {
      test(`${intent} on ${DESTINATION_LABELS[destination]}, then choosing it: the form mounts the prefetched session`, async ({
        page,
        sandbox,
      }) => {
        await page.goto(demo.url);
        await expect(form(page).getByLabel('Card number')).toBeVisible();
        const before = await sandbox.sessions();
        const requests = sessionRequests(page);
        const answered = page.waitForResponse(
          (response) => new URL(response.url()).pathname === '/api/ingo/session',
        );
        // Twice, as a user does (pointer and keyboard, or back and forth): one request.
        if (intent === 'hover') {
          await radio(page, destination).hover();
          await page.mouse.move(0, 0);
          await radio(page, destination).hover();
        } else {
          await radio(page, destination).focus();
          await radio(page, 'debit').focus();
          await radio(page, destination).focus();
        }
        expect((await answered).ok()).toBe(true);
        expect(requests).toHaveLength(1);
        expect(requests[0]?.destination).toBe(destination);

        await radio(page, destination).check();
        await expect(form(page).getByLabel(FIRST_FIELD[destination])).toBeVisible();
        await expect(page.getByTestId('state')).toHaveText('ready');
        // No second request: the form took the prefetched session.
        expect(requests).toHaveLength(1);
        const created = await createdSince(sandbox, before);
        expect(created).toHaveLength(1);
        expect(created[0]?.session_identifier).toBe(await mountedSessionId(page));
        expect(created[0]?.urls_issued).toBe(1);
      });
    }

    test('hovering the destination on show starts nothing', async ({ page, sandbox }) => {
      await page.goto(demo.url);
      await expect(form(page).getByLabel('Card number')).toBeVisible();
      const before = await sandbox.sessions();
      const requests = sessionRequests(page);
      await radio(page, 'debit').hover();
      await radio(page, 'debit').focus();
      await page.waitForTimeout(500);
      expect(requests).toEqual([]);
      expect(await createdSince(sandbox, before)).toEqual([]);
    });
  });
}
