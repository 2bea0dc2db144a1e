/**
 * Webhooks sent by the sandbox: a small node:http receiver in the test, a real hosted-page flow
 * driven through the page API (as the page script calls it), and GET /__sandbox/webhooks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { PAGE_TOKEN_HEADER } from '../src/protocol.js';
import {
  type RunningSandbox,
  SANDBOX_DEFAULTS,
  SandboxConfigError,
  type SandboxOptions,
  startSandbox,
} from '../src/server.js';
import {
  PRODUCTION_LIKE_WEBHOOK_RETRY_DELAYS_MS,
  signWebhookBody,
  WEBHOOK_TOPICS,
} from '../src/webhooks.js';
import { bootstrapOf, createSession, mountUrl, rawRequest, sessionBody } from './helpers.js';

// ---------------------------------------------------------------- receiver

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: checked by the assertions
  body: any;
}

/** What the receiver does with its n-th request (1-based): answer a status, or never answer. */
type Answer = (n: number, path: string) => number | 'hang' | { redirect: string };

interface Receiver {
  url: string;
  received: Received[];
  /** Requests left hanging whose connection the sender closed. */
  abandoned: number;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startReceiver(answer: Answer = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        raw,
        body: JSON.parse(raw.toString('utf8')),
      });
      const what = answer(received.length, req.url ?? '');
      if (what === 'hang') {
        hanging.push(res);
        res.on('close', () => {
          receiver.abandoned += 1;
        });
        return;
      }
      if (typeof what === 'object') {
        res.writeHead(302, { location: what.redirect }).end();
        return;
      }
      res.writeHead(what, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/webhooks/ingo`,
    received,
    abandoned: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  cleanups.push(() => receiver.close());
  return receiver;
}

async function sandboxWith(options: SandboxOptions): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ port: 0, ...options });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

// ---------------------------------------------------------------- flow

const GOOD: Record<string, Record<string, string>> = {
  debit: { card_number: '4000 0566 5566 5556', expiration: '12/30', cvv: '123', name: 'Jane Doe' },
  credit: { card_number: '4111111111111111', expiration: '01/29', cvv: '1234', name: 'Jane Doe' },
  ach: { routing_number: '011000015', account_number: '123456789', account_type: 'checking' },
  billpay: { biller_id: 'blr_1001', account_number: 'ACCT-1234' },
  paypal: { email: 'jane.doe@example.com' },
};

/** Session Create (same key → re-authorization), mount the URL, Continue and Confirm. */
async function runFlow(
  sandbox: RunningSandbox,
  destination: string,
  account: Record<string, string>,
  key = 'webhook-flow',
  body = sessionBody({ participant_unique_id1: 'order-42', participant_unique_id2: 'ref-7' }),
) {
  const created = (await createSession(sandbox.url, body, { idempotencyKey: key })).json();
  expect([100, 101]).toContain(created.status);
  const session = created.data as { session_identifier: string; authorized_url: string };
  const page = await rawRequest(
    sandbox.url,
    'GET',
    mountUrl(session.authorized_url, destination),
    {},
  );
  const boot = bootstrapOf(page.text);
  const headers = { 'content-type': 'application/json', [PAGE_TOKEN_HEADER]: boot.pageToken };
  const entered = await rawRequest(
    sandbox.url,
    'POST',
    `${boot.apiBase}/account`,
    headers,
    JSON.stringify({ destination, account }),
  );
  expect(entered.json().result).toBe('ok');
  const confirmed = (
    await rawRequest(sandbox.url, 'POST', `${boot.apiBase}/confirm`, headers, '{}')
  ).json();
  return {
    sessionId: session.session_identifier,
    tracerToken: boot.tracerToken as string,
    confirmed,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: control answers are checked by the assertions
async function listWebhooks(sandbox: RunningSandbox): Promise<any[]> {
  return (await rawRequest(sandbox.url, 'GET', '/__sandbox/webhooks', {})).json().webhooks;
}

const until = (assertion: () => unknown | Promise<unknown>, timeout = 5_000) =>
  vi.waitFor(assertion, { timeout, interval: 10 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SHORT = { webhookRetryDelaysMs: [20, 20] } as const;

// ---------------------------------------------------------------- tests

describe('tokenization success', () => {
  it('POSTs the v3 tokenization topic in Ingo’s envelope, signed over the raw body', async () => {
    const receiver = await startReceiver();
    const sandbox = await sandboxWith({ webhookUrls: [receiver.url], ...SHORT });
    const before = Math.floor(Date.now() / 1000);
    const flow = await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    expect(flow.confirmed.result).toBe('verified');
    await until(() => expect(receiver.received).toHaveLength(1));
    const [hit] = receiver.received as [Received];

    expect(hit.path).toBe('/webhooks/ingo');
    expect(hit.headers['content-type']).toBe('application/json');
    const expected = createHmac('sha512', 'sandbox-webhook-secret')
      .update(hit.raw)
      .digest('base64');
    expect(hit.headers['x-ingo-signature']).toBe(expected);
    expect(signWebhookBody(SANDBOX_DEFAULTS.webhookSecret, hit.raw)).toBe(expected);

    const { metadata, data } = hit.body;
    expect(Object.keys(hit.body)).toEqual(['metadata', 'data']);
    expect(metadata).toEqual({
      topic: 'plugin.transaction.account.tokenization.success',
      topic_description:
        'This event reports successful tokenization of a recipient disbursement account. Includes the token and other account information.',
      version: '3',
      timestamp: expect.any(Number),
      id: expect.stringMatching(
        /^sb01-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
    });
    expect(Number.isInteger(metadata.timestamp)).toBe(true);
    expect(metadata.timestamp).toBeGreaterThanOrEqual(before);
    expect(metadata.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(data.ancillary).toEqual({
      tracer_token: flow.tracerToken,
      session_id: flow.sessionId,
      participant_unique_id1: 'order-42',
      participant_unique_id2: 'ref-7',
    });
    expect(data.event).toEqual({
      status: '100',
      client_message: 'Success',
      customer_account_token: flow.confirmed.customer_account_token,
      account_type: 'CA',
      account_id: '516803',
      last_4: '5556',
      attempt_count: 0,
      max_attempts: 3,
      issuers: [],
    });

    const [listed] = await listWebhooks(sandbox);
    expect(listed).toMatchObject({
      id: metadata.id,
      topic: metadata.topic,
      url: receiver.url,
      session_identifier: flow.sessionId,
      state: 'delivered',
      duplicate: false,
      body: hit.body,
    });
    expect(listed.attempts).toEqual([
      { at: expect.any(String), status: 200, error: null, duration_ms: expect.any(Number) },
    ]);
  });

  it('account_type, last_4 and issuers follow the destination; account ids count up', async () => {
    const receiver = await startReceiver();
    const sandbox = await sandboxWith({ webhookUrls: [receiver.url], ...SHORT });
    const expected: Record<string, [string, string]> = {
      credit: ['CA', '1111'],
      ach: ['AC', '6789'],
      billpay: ['BP', '1234'],
      // PayPal: the end of the e-mail's local part, letters and digits only ("janedoe").
      paypal: ['PD', 'edoe'],
    };
    let n = 0;
    for (const [destination, [type, last4]] of Object.entries(expected)) {
      await runFlow(sandbox, destination, GOOD[destination] as Record<string, string>, `k-${n}`);
      n += 1;
      await until(() => expect(receiver.received).toHaveLength(n));
      const event = receiver.received[n - 1]?.body.data.event;
      expect(event.account_type).toBe(type);
      expect(event.last_4).toBe(last4);
      expect(event.account_id).toBe(String(516803 + n - 1));
      if (destination === 'billpay') {
        expect(event.issuers).toEqual([
          expect.objectContaining({
            payee_id: '1001',
            payee_name: 'Sandbox Electric Company',
            issuing_network: 'NA',
            credit_enabled: 1,
            debit_enabled: 1,
            credit_info: expect.objectContaining({
              min: '0.01',
              max: '500.00',
              estimated_posting_date: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
            }),
          }),
        ]);
      } else {
        expect(event.issuers).toEqual([]);
      }
    }
  });

  it('sends nothing (and lists nothing) when no URL is configured', async () => {
    const sandbox = await sandboxWith({});
    const flow = await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    expect(flow.confirmed.result).toBe('verified');
    expect(await listWebhooks(sandbox)).toEqual([]);
  });

  it('goes to every configured URL, each with its own delivery record', async () => {
    const a = await startReceiver();
    const b = await startReceiver();
    const sandbox = await sandboxWith({ webhookUrls: [a.url, b.url], ...SHORT });
    await runFlow(sandbox, 'ach', GOOD.ach as Record<string, string>);
    await until(() => expect(a.received.length + b.received.length).toBe(2));
    expect(a.received[0]?.raw.equals(b.received[0]?.raw as Buffer)).toBe(true);
    const list = await listWebhooks(sandbox);
    expect(list.map((w) => w.url)).toEqual([a.url, b.url]);
    expect(new Set(list.map((w) => w.id)).size).toBe(1);
  });
});

describe('verification failures and termination', () => {
  it('a failed verification sends the failure topic for its code', async () => {
    const receiver = await startReceiver();
    const sandbox = await sandboxWith({ webhookUrls: [receiver.url], ...SHORT });
    const cases: [string, Record<string, string>, string, string][] = [
      [
        'debit',
        { ...GOOD.debit, card_number: '4000000000000002' },
        '700',
        WEBHOOK_TOPICS.cardCnsCdFailure.topic,
      ],
      [
        'ach',
        { ...GOOD.ach, account_number: '1111222233' },
        '1042',
        WEBHOOK_TOPICS.achAnvFailure.topic,
      ],
      [
        'credit',
        { ...GOOD.credit, card_number: '4000000000000119' },
        '1105',
        WEBHOOK_TOPICS.rvdmFailure.topic,
      ],
      ['paypal', { email: 'declined@example.com' }, '700', WEBHOOK_TOPICS.paypalFailure.topic],
      [
        'billpay',
        { ...GOOD.billpay, account_number: '9999999999' },
        '700',
        WEBHOOK_TOPICS.billpayFailure.topic,
      ],
    ];
    let n = 0;
    for (const [destination, account, status, topic] of cases) {
      const flow = await runFlow(sandbox, destination, account, `fail-${n}`);
      expect(flow.confirmed).toMatchObject({ result: 'failed', error: status });
      n += 1;
      await until(() => expect(receiver.received).toHaveLength(n));
      const { metadata, data } = (receiver.received[n - 1] as Received).body;
      expect(metadata.topic).toBe(topic);
      expect(metadata.version).toBe('1');
      expect(data.ancillary.session_id).toBe(flow.sessionId);
      expect(data.event).toMatchObject({ status, attempt_count: 1, max_attempts: 3 });
      expect(typeof data.event.client_message).toBe('string');
    }
    expect(topicOf(receiver, 0)).toBe(
      'plugin.transaction.account.verification.card.failure.cns_cd',
    );
    expect(topicOf(receiver, 1)).toBe('plugin.transaction.account.verification.ach.anv.failure');
    expect(topicOf(receiver, 2)).toBe('plugin.transaction.recipient.verification.rvdm.failure');
    const rvdm = receiver.received[2]?.body.data.event;
    expect(rvdm.has_passed).toBe(false);
    expect(rvdm.field_results).toContainEqual(
      expect.objectContaining({ field_name: 'LastName', is_matching: false }),
    );
  });

  it('three failures: three failure topics, then terminated 1127, in lifecycle order', async () => {
    const receiver = await startReceiver();
    const sandbox = await sandboxWith({ webhookUrls: [receiver.url], ...SHORT });
    const bad = { ...GOOD.debit, card_number: '4000000000000002' } as Record<string, string>;
    const tracers: string[] = [];
    let sessionId = '';
    for (let i = 0; i < 3; i++) {
      const flow = await runFlow(sandbox, 'debit', bad, 'three-strikes');
      tracers.push(flow.tracerToken);
      sessionId = flow.sessionId;
      if (i < 2) expect(flow.confirmed.result).toBe('failed');
      else expect(flow.confirmed).toEqual({ result: 'max_attempts_exceeded', error: '1127' });
    }
    await until(() => expect(receiver.received).toHaveLength(4));
    expect(receiver.received.map((r) => r.body.metadata.topic)).toEqual([
      WEBHOOK_TOPICS.cardCnsCdFailure.topic,
      WEBHOOK_TOPICS.cardCnsCdFailure.topic,
      WEBHOOK_TOPICS.cardCnsCdFailure.topic,
      'plugin.transaction.session.request.terminated',
    ]);
    expect(receiver.received.slice(0, 3).map((r) => r.body.data.event.attempt_count)).toEqual([
      1, 2, 3,
    ]);
    expect(receiver.received.map((r) => r.body.data.ancillary.tracer_token)).toEqual([
      ...tracers,
      tracers[2],
    ]);
    const terminated = receiver.received[3]?.body;
    expect(terminated.metadata).toMatchObject({
      version: '1',
      topic_description: 'Overall max account verification attempts limit exceeded',
    });
    expect(terminated.data).toEqual({
      ancillary: {
        tracer_token: tracers[2],
        session_id: sessionId,
        participant_unique_id1: 'order-42',
        participant_unique_id2: 'ref-7',
      },
      event: {
        status: '1127',
        client_message: 'Overall max account verification attempts limit exceeded',
      },
    });
    expect(new Set(receiver.received.map((r) => r.body.metadata.id)).size).toBe(4);
  });

  it('per session, the next event waits until the previous one is delivered', async () => {
    // The first delivery fails twice: the termination must still arrive after all failures.
    const receiver = await startReceiver((n) => (n <= 2 ? 503 : 200));
    const sandbox = await sandboxWith({
      webhookUrls: [receiver.url],
      webhookRetryDelaysMs: [60, 60],
    });
    const bad = { ...GOOD.debit, card_number: '4000000000000002' } as Record<string, string>;
    for (let i = 0; i < 3; i++) await runFlow(sandbox, 'debit', bad, 'ordered');
    await until(() => expect(receiver.received).toHaveLength(6));
    const ids = receiver.received.map((r) => r.body.metadata.id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[1]).toBe(ids[2]);
    expect(receiver.received.slice(2).map((r) => r.body.data.event.status)).toEqual([
      '700',
      '700',
      '700',
      '1127',
    ]);
  });
});

function topicOf(receiver: Receiver, index: number): string {
  return receiver.received[index]?.body.metadata.topic;
}

describe('delivery, retries and duplicates', () => {
  it('500, 500, then 200: three attempts with the same id, bytes and signature; delivered', async () => {
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    const logs: string[] = [];
    const sandbox = await sandboxWith({
      webhookUrls: [receiver.url],
      webhookRetryDelaysMs: [20, 40, 1_000],
      log: (line) => logs.push(line),
    });
    await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    await until(async () => expect((await listWebhooks(sandbox))[0]?.state).toBe('delivered'));
    expect(receiver.received).toHaveLength(3);
    const [first, ...rest] = receiver.received as [Received, ...Received[]];
    for (const later of rest) {
      expect(later.raw.equals(first.raw)).toBe(true);
      expect(later.headers['x-ingo-signature']).toBe(first.headers['x-ingo-signature']);
    }
    const [listed] = await listWebhooks(sandbox);
    expect(listed.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 200]);
    expect(listed.attempts[0].error).toMatch(/500/);
    expect(listed.attempts[2].error).toBeNull();
    const attemptLogs = logs.filter((line) => line.startsWith('webhook '));
    expect(attemptLogs).toHaveLength(3);
    expect(attemptLogs[0]).toMatch(/attempt 1\/4 .*500.*retry in 20 ms/);
    expect(attemptLogs[2]).toMatch(/attempt 3\/4 HTTP 200 .*delivered/);
  });

  it('a receiver that never answers 2xx: retries stop when the schedule is used up (failed)', async () => {
    const receiver = await startReceiver(() => 503);
    const sandbox = await sandboxWith({
      webhookUrls: [receiver.url],
      webhookRetryDelaysMs: [10, 20],
    });
    await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    await until(async () => expect((await listWebhooks(sandbox))[0]?.state).toBe('failed'));
    await sleep(150);
    expect(receiver.received).toHaveLength(3);
    const [listed] = await listWebhooks(sandbox);
    expect(listed.attempts).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body.metadata.id)).size).toBe(1);
  });

  it('an answer after webhookTimeoutMs counts as no answer; the state is retrying meanwhile', async () => {
    const receiver = await startReceiver((n) => (n === 1 ? 'hang' : 204));
    const sandbox = await sandboxWith({
      webhookUrls: [receiver.url],
      webhookTimeoutMs: 100,
      webhookRetryDelaysMs: [300],
    });
    await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    await until(async () => expect((await listWebhooks(sandbox))[0]?.state).toBe('retrying'));
    const [retrying] = await listWebhooks(sandbox);
    expect(retrying.attempts).toEqual([
      {
        at: expect.any(String),
        status: null,
        error: 'no answer within 100 ms',
        duration_ms: expect.any(Number),
      },
    ]);
    await until(async () => expect((await listWebhooks(sandbox))[0]?.state).toBe('delivered'));
    expect(receiver.received).toHaveLength(2);
  });

  it('redirects are not followed: a 3xx is a failed attempt', async () => {
    const receiver = await startReceiver((_n, path) =>
      path === '/webhooks/ingo' ? { redirect: '/elsewhere' } : 200,
    );
    const sandbox = await sandboxWith({ webhookUrls: [receiver.url], webhookRetryDelaysMs: [10] });
    await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    await until(async () => expect((await listWebhooks(sandbox))[0]?.state).toBe('failed'));
    expect(receiver.received.map((r) => r.path)).toEqual(['/webhooks/ingo', '/webhooks/ingo']);
    const [listed] = await listWebhooks(sandbox);
    expect(listed.attempts[0]).toMatchObject({ status: 302 });
    expect(listed.attempts[0].error).toMatch(/not followed/);
  });

  it('an unreachable URL is retried like a non-2xx and ends failed', async () => {
    const gone = await startReceiver();
    const url = gone.url;
    await gone.close();
    const sandbox = await sandboxWith({ webhookUrls: [url], webhookRetryDelaysMs: [10] });
    await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    await until(async () => expect((await listWebhooks(sandbox))[0]?.state).toBe('failed'));
    const [listed] = await listWebhooks(sandbox);
    expect(listed.attempts).toHaveLength(2);
    expect(listed.attempts[0]).toMatchObject({
      status: null,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('webhookDuplicates: 1 sends every delivered webhook twice, same bytes and metadata.id', async () => {
    const receiver = await startReceiver();
    const sandbox = await sandboxWith({
      webhookUrls: [receiver.url],
      webhookDuplicates: 1,
      ...SHORT,
    });
    await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    await until(() => expect(receiver.received).toHaveLength(2));
    const [a, b] = receiver.received as [Received, Received];
    expect(a.raw.equals(b.raw)).toBe(true);
    expect(a.headers['x-ingo-signature']).toBe(b.headers['x-ingo-signature']);
    await until(async () =>
      expect((await listWebhooks(sandbox)).map((w) => [w.duplicate, w.state])).toEqual([
        [false, 'delivered'],
        [true, 'delivered'],
      ]),
    );
    const list = await listWebhooks(sandbox);
    expect(list[0].id).toBe(list[1].id);
    await sleep(50);
    expect(receiver.received).toHaveLength(2);
  });
});

describe('control, reset and close', () => {
  it('GET / lists the endpoint; reset clears the list and cancels pending retries', async () => {
    const receiver = await startReceiver(() => 500);
    const sandbox = await sandboxWith({ webhookUrls: [receiver.url], webhookRetryDelaysMs: [200] });
    const index = (await rawRequest(sandbox.url, 'GET', '/', {})).json();
    expect(index.control).toContain('GET /__sandbox/webhooks');
    expect(index.webhooks).toMatchObject({
      urls: [receiver.url],
      signature_header: 'X-Ingo-Signature',
    });

    await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    await until(async () => expect((await listWebhooks(sandbox))[0]?.state).toBe('retrying'));
    expect((await rawRequest(sandbox.url, 'POST', '/__sandbox/reset', {})).status).toBe(200);
    expect(await listWebhooks(sandbox)).toEqual([]);
    await sleep(350);
    expect(receiver.received).toHaveLength(1);
    expect(await listWebhooks(sandbox)).toEqual([]);
  });

  it('close() with a pending retry and a request in flight resolves promptly', async () => {
    const failing = await startReceiver(() => 500);
    const hanging = await startReceiver(() => 'hang');
    const sandbox = await startSandbox({
      port: 0,
      webhookUrls: [failing.url, hanging.url],
      webhookRetryDelaysMs: [300],
      webhookTimeoutMs: 600_000,
    });
    await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    await until(async () => {
      const list = await listWebhooks(sandbox);
      expect(list.map((w) => w.state)).toEqual(['retrying', 'pending']);
      expect(hanging.received).toHaveLength(1);
    });
    const started = performance.now();
    await sandbox.close();
    expect(performance.now() - started).toBeLessThan(250);
    // The request in flight was abandoned, and the pending retry never fires.
    await until(() => expect(hanging.abandoned).toBe(1), 1_000);
    await sleep(400);
    expect(failing.received).toHaveLength(1);
  });
});

describe('options', () => {
  it('rejects invalid webhook options with SandboxConfigError', async () => {
    const bad: [SandboxOptions, RegExp][] = [
      [{ webhookUrls: ['ftp://example.com/hook'] }, /webhookUrls\[0\] must be an http\(s\) URL/],
      [{ webhookUrls: ['/relative'] }, /webhookUrls\[0\] must be an absolute http\(s\) URL/],
      [{ webhookUrls: ['http://a.example/x', 'http://a.example/x'] }, /webhookUrls\[1\] repeats/],
      [{ webhookSecret: '' }, /webhookSecret must be a non-empty string/],
      [{ webhookRetryDelaysMs: [1000, -1] }, /webhookRetryDelaysMs entries must be integers/],
      [{ webhookRetryDelaysMs: [1.5] }, /webhookRetryDelaysMs entries must be integers/],
      [{ webhookTimeoutMs: 0 }, /webhookTimeoutMs must be an integer from 1/],
      [{ webhookDuplicates: 1.5 }, /webhookDuplicates must be a rate from 0 to 1/],
      [{ webhookDuplicates: Number.NaN }, /webhookDuplicates must be a rate from 0 to 1/],
    ];
    for (const [options, message] of bad) {
      const attempt = startSandbox({ port: 0, ...options });
      await expect(attempt).rejects.toBeInstanceOf(SandboxConfigError);
      await expect(attempt).rejects.toThrow(message);
    }
  });

  it('defaults: demo-friendly schedule, 10 s timeout, no duplicates; a production-like one is exported', () => {
    expect(SANDBOX_DEFAULTS.webhookSecret).toBe('sandbox-webhook-secret');
    expect(SANDBOX_DEFAULTS.webhookRetryDelaysMs).toEqual([1_000, 5_000, 30_000, 120_000, 600_000]);
    expect(SANDBOX_DEFAULTS.webhookTimeoutMs).toBe(10_000);
    expect(SANDBOX_DEFAULTS.webhookDuplicates).toBe(0);
    expect(PRODUCTION_LIKE_WEBHOOK_RETRY_DELAYS_MS).toEqual([
      30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000,
    ]);
  });
});

describe('CLI', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  function run(args: string[]) {
    const child = spawn(process.execPath, [inject('cliPath'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  it('prints the webhook URLs, secret and schedule, and delivers with the flags', async () => {
    const receiver = await startReceiver();
    const cli = run([
      '--port',
      '0',
      '--quiet',
      '--webhook-url',
      receiver.url,
      '--webhook-url',
      `${receiver.url}/second`,
      '--webhook-secret',
      'cli-webhook-secret',
      '--webhook-retry-delays',
      '10,20',
      '--webhook-duplicates',
      '0',
    ]);
    await until(() => expect(cli.output().stdout).toContain('webhook retries'));
    const { stdout } = cli.output();
    expect(stdout).toContain(`webhooks:        POST ${receiver.url}\n`);
    expect(stdout).toContain(`POST ${receiver.url}/second\n`);
    expect(stdout).toMatch(/webhook secret:\s+cli-webhook-secret/);
    expect(stdout).toMatch(/webhook retries: 10 ms, 20 ms/);
    const url = /listening on (http:\/\/[^\s]+)/.exec(stdout)?.[1] as string;
    const sandbox = { url, close: async () => {} };
    await runFlow(sandbox, 'debit', GOOD.debit as Record<string, string>);
    await until(() => expect(receiver.received).toHaveLength(2));
    for (const hit of receiver.received) {
      expect(hit.headers['x-ingo-signature']).toBe(signWebhookBody('cli-webhook-secret', hit.raw));
    }
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('rejects bad webhook flags with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--webhook-url', 'ftp://x'], /must be an http\(s\) URL/],
      [['--webhook-retry-delays', '1000,soon'], /--webhook-retry-delays must be comma-separated/],
      [['--webhook-duplicates', '2'], /--webhook-duplicates must be a rate from 0 to 1/],
    ];
    for (const [args, message] of cases) {
      const cli = run(['--port', '0', ...args]);
      expect(await cli.exited).toBe(2);
      expect(cli.output().stderr).toMatch(message);
    }
  });
});
