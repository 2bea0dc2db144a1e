/**
 * End to end against the local emulator (@ingo-embed/sandbox): a session created by the session
 * handler, the account entered on the emulator's hosted page, and the emulator's signed
 * tokenization webhook received by createWebhookHandler, mapped back to the user. Skipped while
 * the sandbox does not send webhooks yet.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createIngoClient,
  createMemoryWebhookStore,
  createSessionHandler,
  createWebhookHandler,
  hmacSignatureVerifier,
  type WebhookDelivery,
} from '../src/index.js';
import { RECIPIENT } from './helpers.js';

interface RunningSandbox {
  url: string;
  close(): Promise<void>;
}
interface SandboxModule {
  startSandbox?: (options: Record<string, unknown>) => Promise<RunningSandbox>;
  signWebhookBody?: unknown;
}

// A variable specifier keeps the typecheck independent of whether the sandbox is built yet.
const specifier = '@ingo-embed/sandbox';
const sandbox = (await import(/* @vite-ignore */ specifier).catch((error: unknown) => {
  const text = String((error as Error)?.message ?? error);
  if (/Cannot find (module|package)|Failed to (load|resolve)|ERR_MODULE_NOT_FOUND/i.test(text)) {
    return {};
  }
  throw error;
})) as SandboxModule;
const startSandbox = sandbox.signWebhookBody ? sandbox.startSandbox : undefined;
if (!startSandbox) {
  console.warn('[server] webhook integration tests skipped: @ingo-embed/sandbox sends no webhooks');
}

const USERNAME = 'it-user';
const SECRET = 'it-secret';
const DEBIT = {
  card_number: '4000 0566 5566 5556',
  expiration: '12/30',
  cvv: '123',
  name: 'Jane Doe',
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The emulator's hosted page, driven the way its page script does: enter the account, confirm. */
async function enterAccount(authorizedUrl: string, destination: string, account: object) {
  const mount = new URL(authorizedUrl);
  mount.searchParams.set('destination', destination);
  mount.searchParams.set('parent_origin', 'http://localhost:3000');
  mount.searchParams.set('channel', 'it-channel');
  const html = await (await fetch(mount)).text();
  const match =
    /<script type="application\/json" id="ingo-sandbox-bootstrap">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('the hosted page has no bootstrap');
  const boot = JSON.parse(match[1] ?? '') as { apiBase: string; pageToken: string };
  const headers = { 'content-type': 'application/json', 'x-sandbox-page-token': boot.pageToken };
  const post = async (path: string, body: unknown) =>
    (await (
      await fetch(new URL(`${boot.apiBase}/${path}`, mount), {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      })
    ).json()) as { result?: string };
  expect((await post('account', { destination, account })).result).toBe('ok');
  expect((await post('confirm', {})).result).toBe('verified');
}

describe.skipIf(!startSandbox)('webhooks from @ingo-embed/sandbox', () => {
  it('receives the signed tokenization webhook once, after a failed attempt, for the right user', async () => {
    if (!startSandbox) throw new Error('unreachable');
    const received: WebhookDelivery[] = [];
    let attempts = 0;
    const onError = vi.fn();

    // The session endpoint first: the webhook handler maps ids through it.
    let sandboxUrl = '';
    const client = () =>
      createIngoClient({
        username: USERNAME,
        secret: SECRET,
        environment: 'sandbox',
        sessionApiUrl: sandboxUrl,
      });
    const sessionHandler = createSessionHandler({
      client: { createSession: (input, options) => client().createSession(input, options) },
      idempotencySecret: 'it-idempotency-secret',
      resolveSession: () => ({ subject: 'user-42', recipient: RECIPIENT }),
    });

    const webhookHandler = createWebhookHandler({
      ipAllowlist: 'local',
      store: createMemoryWebhookStore(),
      verifySignature: hmacSignatureVerifier({ secret: 'sandbox-webhook-secret' }),
      identity: sessionHandler,
      onError,
      onEvent: async (delivery) => {
        attempts += 1;
        // The first attempt fails: the emulator must retry, and the retry must run again.
        if (attempts === 1) throw new Error('database briefly down');
        received.push(delivery);
      },
    });
    const webhookUrl = await listen(createServer(webhookHandler.toNodeHandler()));

    const sb = await startSandbox({
      port: 0,
      username: USERNAME,
      secret: SECRET,
      webhookUrls: [`${webhookUrl}/api/ingo/webhooks`],
      webhookRetryDelaysMs: [20, 20, 20],
      // Every delivery is also sent a second time on purpose: it must not run onEvent twice.
      webhookDuplicates: 1,
    });
    cleanups.push(() => sb.close());
    sandboxUrl = sb.url;

    const response = await sessionHandler(
      new Request('http://localhost:3000/api/ingo/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idempotencyKey: '0d5b1f8e-7c2a-4e3b-9f6d-1a2b3c4d5e6f',
          destination: 'debit',
        }),
      }),
    );
    expect(response.status).toBe(200);
    const { authorizedUrl } = (await response.json()) as { authorizedUrl: string };
    await enterAccount(authorizedUrl, 'debit', DEBIT);

    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5_000, interval: 10 });
    // Let the duplicate and any retry arrive too.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.subject).toBe('user-42');
    expect(delivery?.signature).toBe('verified');
    expect(delivery?.remoteAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    const event = delivery?.event;
    if (!event?.known || event.topic !== 'plugin.transaction.account.tokenization.success') {
      throw new Error(`unexpected event ${JSON.stringify(event)}`);
    }
    expect(event.customerAccountToken).toMatch(/\S/);
    expect(event.accountType).toBe('CA');
    expect(event.last4).toBe('5556');
    expect(event.ancillary.participantUniqueId1).toMatch(/^u1\./);
    expect(onError.mock.calls.map(([error]) => error.reason)).toEqual(['event_handler_failed']);

    const { webhooks } = (await (await fetch(`${sb.url}/__sandbox/webhooks`)).json()) as {
      webhooks: { id: string; state: string; duplicate: boolean }[];
    };
    expect(webhooks.length).toBeGreaterThanOrEqual(2);
    expect(webhooks.every((hook) => hook.state === 'delivered')).toBe(true);
    expect(new Set(webhooks.map((hook) => hook.id))).toEqual(new Set([event.id]));
  });
});
