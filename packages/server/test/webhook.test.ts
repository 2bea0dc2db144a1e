import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createIngoClient,
  createMemoryWebhookStore,
  createParticipantIdReader,
  createSessionHandler,
  createWebhookHandler,
  hmacSignatureVerifier,
  INGO_WEBHOOK_IPS,
  IngoConfigError,
  IngoWebhookError,
  KNOWN_WEBHOOK_TOPICS,
  parseWebhookEvent,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookStore,
} from '../src/index.js';
import { fakeFetch, RECIPIENT, sessionOk } from './helpers.js';
import {
  deferred,
  delivery,
  EXAMPLES,
  errorCode,
  INGO_PRODUCTION_IP,
  LOCAL,
  SANDBOX_WEBHOOK_SECRET,
  sign,
  tokenization,
  type WebhookSetup,
  webhookSetup,
} from './webhook-helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

function parsed(text: string): WebhookEvent {
  const result = parseWebhookEvent(JSON.parse(text));
  if (!result.ok) throw new Error(result.message);
  return result.event;
}

function reasons(onError: WebhookSetup['onError']): string[] {
  return onError.mock.calls.map(([error]) => error.reason);
}

describe('parseWebhookEvent: the documented envelopes (WEBHOOKS.md §7)', () => {
  it('reads tokenization success into camelCase fields', () => {
    const event = parsed(EXAMPLES.tokenization);
    expect(event).toEqual({
      known: true,
      topic: 'plugin.transaction.account.tokenization.success',
      id: '438c568d-e2d1-4644-98d7-a8b9e32ce2ad',
      topicDescription:
        'This event reports successful tokenization of a recipient disbursement account. Includes the token and other account information.',
      version: '3',
      timestamp: 1776970179,
      status: '100',
      clientMessage: 'Success',
      ancillary: {
        tracerToken: '90018_1776970034_1556c27a-863b-4a62-8385-98076c844947',
        sessionId: '00000000-0000-0000-0000-000000000001',
        participantUniqueId1: 'PARTNER-REF-001',
        // participant_unique_id2 was "": left out.
      },
      customerAccountToken: '5cbd8f48-95dc-4b00-9dd8-89bd337ddd63',
      accountType: 'BP',
      accountId: '516803',
      last4: '3456',
      attemptCount: 0,
      maxAttempts: 3,
      issuers: [
        {
          payeeId: '551475',
          payeeName: 'American Property Management of IL, Inc.',
          payeeAddress: 'PO Box 66407',
          payeeCity: 'Chicago',
          payeeState: 'IL',
          payeeZip: '60666-6407',
          issuingNetwork: 'NA',
          creditEnabled: true,
          debitEnabled: true,
          creditInfo: {
            min: '0.01',
            max: '500.00',
            cardType: 'NA',
            estimatedPostingDate: '04/24/2026',
            estimatedPostingTime: 'Payment will post 04/24/2026\n',
          },
        },
      ],
      raw: JSON.parse(EXAMPLES.tokenization),
    });
  });

  it('reads session terminated, NAV failure and check returned', () => {
    expect(parsed(EXAMPLES.terminated)).toMatchObject({
      known: true,
      topic: 'plugin.transaction.session.request.terminated',
      id: 'prod1-123456-abcd-1234-ab12-c123d456e789',
      status: '1127',
      clientMessage: 'Overall max account verification attempts limit exceeded',
      ancillary: {
        participantUniqueId1: '22222222-5555-3333333-4444444444',
        participantUniqueId2: '111111111-2222-3333333-4444444444',
      },
    });
    expect(parsed(EXAMPLES.navFailure)).toMatchObject({
      known: true,
      topic: 'plugin.transaction.account.verification.ach.nav.failure',
      status: '777',
      clientMessage: 'Address did not match',
      attemptCount: 1,
      maxAttempts: 3,
    });
    const returned = parsed(EXAMPLES.checkReturned);
    expect(returned).toMatchObject({
      known: true,
      topic: 'gateway.transaction.recipient.status.payment.check.returned',
      id: 'sb01-e606fb9e-6f67-4f50-a43d-e8b37ac82182',
      checkStatus: 'returned',
      status: '1114',
      reasonCode: '02',
      checkNumber: '400000037',
      checkAmount: '1.05',
      ancillary: {
        participantUniqueId1: 'PARTNER-REF-001',
        participantUniqueId2: 'PARTNER-REF-002',
      },
    });
    expect(returned.ancillary).not.toHaveProperty('sessionId');
  });

  it('narrows on known, then topic', () => {
    const event = parsed(EXAMPLES.tokenization);
    // A compile-time check as much as a runtime one.
    if (event.known && event.topic === 'plugin.transaction.account.tokenization.success') {
      const token: string = event.customerAccountToken;
      expect(token).toBe('5cbd8f48-95dc-4b00-9dd8-89bd337ddd63');
    } else {
      throw new Error('not narrowed');
    }
  });

  it('reads every gateway topic it knows', () => {
    const envelope = (topic: string, event: Record<string, unknown>) =>
      JSON.stringify({ data: { event }, metadata: { id: 'x-1', topic, version: 1 } });
    expect(
      parsed(
        envelope('gateway.transaction.recipient.verification.ofac.status.suspended', {
          status: 1106,
        }),
      ),
    ).toMatchObject({ known: true, ofacStatus: 'suspended', status: '1106', version: '1' });
    expect(
      parsed(envelope('gateway.transaction.recipient.verification.ofac.status.cleared', {})),
    ).toMatchObject({ known: true, ofacStatus: 'cleared' });
    expect(
      parsed(envelope('gateway.transaction.recipient.verification.ofac.status.failure', {})),
    ).toMatchObject({ known: true, ofacStatus: 'failure' });
    for (const status of ['issued', 'paid', 'stopped']) {
      expect(
        parsed(
          envelope(`gateway.transaction.recipient.payment.status.check.${status}`, {
            status: '100',
            check_number: 400000037,
            check_amount: '25.00',
            reason_code: '77',
          }),
        ),
      ).toMatchObject({
        known: true,
        checkStatus: status,
        checkNumber: '400000037',
        checkAmount: '25.00',
      });
    }
    expect(
      parsed(
        envelope('gateway.transaction.recipient.payment.status.returned', {
          status: '1114',
          reason_code: 'R01',
        }),
      ),
    ).toMatchObject({ known: true, reasonCode: 'R01', status: '1114' });
    expect(KNOWN_WEBHOOK_TOPICS).toHaveLength(11);
  });

  it('is tolerant: numbers for strings, missing parts, unknown fields, any version', () => {
    const event = parsed(
      JSON.stringify({
        data: {
          event: {
            status: 93,
            customer_account_token: 'tok',
            account_type: 'DC',
            last_4: 'k6Aw',
            attempt_count: '2',
            brand_new_field: { nested: true },
          },
        },
        metadata: {
          id: 'mock03102026-1',
          topic: 'plugin.transaction.account.tokenization.success',
          version: 9,
          timestamp: '1776970179',
        },
        extra: 'ignored',
      }),
    );
    expect(event).toMatchObject({
      known: true,
      status: '93',
      version: '9',
      timestamp: 1776970179,
      customerAccountToken: 'tok',
      accountType: 'DC',
      last4: 'k6Aw',
      attemptCount: 2,
      ancillary: {},
    });
    expect(event).not.toHaveProperty('accountId');
    expect(event).not.toHaveProperty('brandNewField');
  });

  it('delivers an unknown topic as known: false, and a known one missing its token likewise', () => {
    const rvdm = parsed(
      JSON.stringify({
        metadata: { topic: 'plugin.transaction.recipient.verification.rvdm.success', id: 'r-1' },
        data: { event: { has_passed: true, status: '1103' } },
      }),
    );
    expect(rvdm).toMatchObject({
      known: false,
      topic: 'plugin.transaction.recipient.verification.rvdm.success',
      status: '1103',
    });
    expect(rvdm).not.toHaveProperty('problem');
    const tokenless = parsed(
      JSON.stringify({
        metadata: { topic: 'plugin.transaction.account.tokenization.success', id: 't-1' },
        data: { event: { status: '100', account_type: 'BP' } },
      }),
    );
    expect(tokenless).toMatchObject({
      known: false,
      problem: 'data.event.customer_account_token missing or empty',
    });
  });

  it('fails only without metadata.topic or metadata.id', () => {
    for (const body of [
      null,
      [],
      'text',
      {},
      { metadata: { topic: 'plugin.x' } },
      { metadata: { id: 'a' } },
      { metadata: { id: '', topic: 'plugin.x' } },
      { metadata: { id: 'a', topic: ' ' } },
      { metadata: { id: {}, topic: 'plugin.x' } },
    ]) {
      expect(parseWebhookEvent(body).ok).toBe(false);
    }
    expect(parseWebhookEvent({ metadata: { id: 'a', topic: 'plugin.x' } }).ok).toBe(true);
  });
});

describe('createWebhookHandler: answers', () => {
  it('runs onEvent, then answers 200 { ok: true } with no-store', async () => {
    const { handler, deliveries, onError } = webhookSetup();
    const response = await handler(delivery(EXAMPLES.tokenization), LOCAL);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ ok: true });
    expect(deliveries).toHaveLength(1);
    const [first] = deliveries;
    expect(first?.event).toMatchObject({
      known: true,
      customerAccountToken: '5cbd8f48-95dc-4b00-9dd8-89bd337ddd63',
    });
    expect(first?.subject).toBeUndefined();
    expect(first?.signature).toBe('unchecked');
    expect(first?.remoteAddress).toBe('127.0.0.1');
    expect(onError).not.toHaveBeenCalled();
  });

  it('delivers every documented example', async () => {
    const { handler, deliveries } = webhookSetup();
    for (const body of Object.values(EXAMPLES)) {
      expect((await handler(delivery(body), LOCAL)).status).toBe(200);
    }
    // terminated and navFailure share Ingo's placeholder id: the second is a duplicate.
    expect(deliveries.map((d) => d.event.topic)).toEqual([
      'plugin.transaction.account.tokenization.success',
      'plugin.transaction.session.request.terminated',
      'gateway.transaction.recipient.status.payment.check.returned',
    ]);
  });

  it('delivers an unknown topic (200), reporting nothing', async () => {
    const { handler, deliveries, onError } = webhookSetup();
    const body = JSON.stringify({
      metadata: { topic: 'plugin.transaction.session.request.expired', id: 'e-1' },
      data: {},
    });
    expect((await handler(delivery(body), LOCAL)).status).toBe(200);
    expect(deliveries[0]?.event).toMatchObject({
      known: false,
      topic: 'plugin.transaction.session.request.expired',
      id: 'e-1',
    });
    expect(onError).not.toHaveBeenCalled();
  });

  it('delivers a known topic missing its required fields as unknown, and reports it', async () => {
    const { handler, deliveries, onError } = webhookSetup();
    const body = JSON.stringify({
      metadata: { topic: 'plugin.transaction.account.tokenization.success', id: 't-1' },
      data: { event: { status: '100' } },
    });
    expect((await handler(delivery(body), LOCAL)).status).toBe(200);
    expect(deliveries[0]?.event.known).toBe(false);
    expect(reasons(onError)).toEqual(['invalid_event']);
  });

  const refusals: [string, () => Request, number, string][] = [
    ['GET', () => delivery('', { method: 'GET' }), 405, 'method_not_allowed'],
    [
      'text/plain',
      () => delivery(EXAMPLES.tokenization, { headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    ],
    [
      'XML',
      () => delivery('<xml/>', { headers: { 'content-type': 'application/xml' } }),
      415,
      'unsupported_media_type',
    ],
    [
      'a Latin-1 charset',
      () =>
        delivery(EXAMPLES.tokenization, {
          headers: { 'content-type': 'application/json; charset=iso-8859-1' },
        }),
      415,
      'unsupported_media_type',
    ],
    [
      'no content type',
      () =>
        new Request('https://m.example/w', { method: 'POST', body: new Uint8Array([123, 125]) }),
      415,
      'unsupported_media_type',
    ],
    ['truncated JSON', () => delivery(EXAMPLES.tokenization.slice(0, 200)), 400, 'malformed_json'],
    ['an empty body', () => delivery(''), 400, 'malformed_json'],
    [
      'invalid UTF-8',
      () =>
        new Request('https://m.example/w', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: new Uint8Array([0x22, 0xff, 0x22]),
        }),
      400,
      'malformed_json',
    ],
    [
      'no metadata.id',
      () => delivery('{"metadata":{"topic":"plugin.x"},"data":{}}'),
      400,
      'invalid_envelope',
    ],
    [
      'no metadata.topic',
      () => delivery('{"metadata":{"id":"a"},"data":{}}'),
      400,
      'invalid_envelope',
    ],
    ['an array', () => delivery('[]'), 400, 'invalid_envelope'],
  ];
  for (const [name, request, status, code] of refusals) {
    it(`answers ${name} with ${status} ${code}, without onEvent`, async () => {
      const { handler, onEvent } = webhookSetup();
      const response = await handler(request(), LOCAL);
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(typeof body.error.message).toBe('string');
      expect(onEvent).not.toHaveBeenCalled();
      if (status === 405) expect(response.headers.get('allow')).toBe('POST');
    });
  }

  it('answers 413 above maxBodyBytes (default 256 KiB), announced or streamed', async () => {
    const { handler, onEvent, onError } = webhookSetup();
    const big = tokenization('big').replace(
      '"data":{',
      `"pad":"${'x'.repeat(256 * 1024)}","data":{`,
    );
    expect((await handler(delivery(big), LOCAL)).status).toBe(413);

    const small = webhookSetup({ maxBodyBytes: 1024 });
    const chunk = new TextEncoder().encode('x'.repeat(512));
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls > 100) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await small.handler(
      new Request('https://m.example/w', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
      LOCAL,
    );
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('payload_too_large');
    expect(pulls).toBeLessThan(10);
    expect(onEvent).not.toHaveBeenCalled();
    expect(reasons(onError)).toEqual(['payload_too_large']);
    // A real event fits a small limit.
    const fits = webhookSetup({ maxBodyBytes: 2048 });
    expect((await fits.handler(delivery(tokenization('ok')), LOCAL)).status).toBe(200);
  });
});

describe('createWebhookHandler: deduplication by metadata.id', () => {
  it('runs onEvent once for concurrent duplicates: 409 while the first runs, 200 once done', async () => {
    const gate = deferred();
    const started = deferred();
    const onEvent = vi.fn(async () => {
      started.resolve();
      await gate.promise;
    });
    const { handler } = webhookSetup({ onEvent });
    const first = handler(delivery(tokenization('dup-1')), LOCAL);
    await started.promise;
    const [second, third] = await Promise.all([
      handler(delivery(tokenization('dup-1')), LOCAL),
      handler(delivery(tokenization('dup-1')), LOCAL),
    ]);
    for (const response of [second, third]) {
      expect(response.status).toBe(409);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await errorCode(response)).toBe('in_progress');
    }
    gate.resolve();
    expect((await first).status).toBe(200);
    const later = await handler(delivery(tokenization('dup-1')), LOCAL);
    expect(later.status).toBe(200);
    expect(await later.json()).toEqual({ ok: true });
    expect(onEvent).toHaveBeenCalledTimes(1);
    // Another id is another event.
    expect((await handler(delivery(tokenization('dup-2')), LOCAL)).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('runs onEvent exactly once for many simultaneous deliveries', async () => {
    const onEvent = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const { handler } = webhookSetup({ onEvent });
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => handler(delivery(tokenization('burst')), LOCAL)).map(
        async (response) => (await response).status,
      ),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it('lets Ingo’s retry run onEvent again after it failed (500, claim released)', async () => {
    let calls = 0;
    const onEvent = vi.fn(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
    });
    const { handler, onError } = webhookSetup({ onEvent });
    const failed = await handler(delivery(tokenization('retry-1')), LOCAL);
    expect(failed.status).toBe(500);
    const text = await failed.text();
    expect(text).not.toContain('database down');
    expect(JSON.parse(text).error.code).toBe('processing_failed');
    const [error] = onError.mock.calls[0] ?? [];
    expect(error).toBeInstanceOf(IngoWebhookError);
    expect(error).toMatchObject({
      reason: 'event_handler_failed',
      httpStatus: 500,
      eventId: 'retry-1',
      topic: 'plugin.transaction.account.tokenization.success',
      code: 'webhook_failed',
    });
    expect((error as Error).cause).toMatchObject({ message: 'database down' });

    expect((await handler(delivery(tokenization('retry-1')), LOCAL)).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(2);
    expect((await handler(delivery(tokenization('retry-1')), LOCAL)).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('treats a synchronous throw like a rejection', async () => {
    const { handler, store } = webhookSetup({
      onEvent: () => {
        throw new Error('sync');
      },
    });
    expect((await handler(delivery(tokenization('sync-1')), LOCAL)).status).toBe(500);
    expect(await store.begin('sync-1', { leaseMs: 1000 })).toBe('new');
  });

  it('answers 503 when onEvent outlives its budget, aborts its signal and releases the claim', async () => {
    let signal: AbortSignal | undefined;
    let calls = 0;
    const onEvent = vi.fn(async (delivery: WebhookDelivery) => {
      calls += 1;
      if (calls > 1) return;
      signal = delivery.signal;
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const { handler, onError } = webhookSetup({ onEvent, onEventTimeoutMs: 50 });
    const started = Date.now();
    const response = await handler(delivery(tokenization('slow-1')), LOCAL);
    expect(Date.now() - started).toBeLessThan(250);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await errorCode(response)).toBe('processing_timeout');
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(IngoWebhookError);
    expect(reasons(onError)).toEqual(['event_handler_timeout']);
    expect(onError.mock.calls[0]?.[0].message).toMatch(/Keep onEvent short/);
    // Ingo's next attempt runs it again.
    expect((await handler(delivery(tokenization('slow-1')), LOCAL)).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('reports an onEvent that fails after its budget ran out', async () => {
    const { handler, onError } = webhookSetup({
      onEventTimeoutMs: 20,
      onEvent: async () => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        throw new Error('late failure');
      },
    });
    expect((await handler(delivery(tokenization('late-1')), LOCAL)).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(reasons(onError)).toEqual(['event_handler_timeout', 'event_handler_failed']);
    expect(onError.mock.calls[1]?.[0].httpStatus).toBeUndefined();
  });

  it('answers 503 when the store fails, and 200 when only recording success fails', async () => {
    const failing: WebhookStore = {
      begin: async () => {
        throw new Error('redis down');
      },
      complete: async () => undefined,
      release: async () => undefined,
    };
    const down = webhookSetup({ store: failing });
    const response = await down.handler(delivery(tokenization('s-1')), LOCAL);
    expect(response.status).toBe(503);
    expect(await errorCode(response)).toBe('store_unavailable');
    expect(down.onEvent).not.toHaveBeenCalled();
    expect(reasons(down.onError)).toEqual(['store_failed']);

    const odd = webhookSetup({ store: { ...failing, begin: async () => 'maybe' as never } });
    expect((await odd.handler(delivery(tokenization('s-2')), LOCAL)).status).toBe(503);

    const completeFails = webhookSetup({
      store: {
        begin: async () => 'new',
        complete: async () => {
          throw new Error('write failed');
        },
        release: async () => undefined,
      },
    });
    expect((await completeFails.handler(delivery(tokenization('s-3')), LOCAL)).status).toBe(200);
    expect(completeFails.onError.mock.calls[0]?.[0]).toMatchObject({
      reason: 'store_failed',
      httpStatus: undefined,
    });
  });

  it('answers 503 when the store does not answer in time, and gives a late claim back', async () => {
    const release = vi.fn(async () => undefined);
    const store: WebhookStore = {
      begin: () => new Promise((resolve) => setTimeout(() => resolve('new'), 80)),
      complete: async () => undefined,
      release,
    };
    const { handler, onEvent } = webhookSetup({ store, onEventTimeoutMs: 20 });
    expect((await handler(delivery(tokenization('slow-store')), LOCAL)).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(release).toHaveBeenCalledWith('slow-store');
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('claims with a lease longer than the budget, so only a crashed claim expires', async () => {
    const begin = vi.fn(async () => 'new' as const);
    const { handler } = webhookSetup({
      store: { begin, complete: async () => undefined, release: async () => undefined },
    });
    await handler(delivery(tokenization('lease')), LOCAL);
    expect(begin).toHaveBeenCalledWith('lease', { leaseMs: 14_000 });
  });
});

describe('createMemoryWebhookStore', () => {
  it('expires a crashed claim after its lease, and a completed id after ttlMs', async () => {
    vi.useFakeTimers();
    const store = createMemoryWebhookStore({ ttlMs: 60_000 });
    expect(await store.begin('a', { leaseMs: 1000 })).toBe('new');
    expect(await store.begin('a', { leaseMs: 1000 })).toBe('in_progress');
    vi.advanceTimersByTime(1001);
    expect(await store.begin('a', { leaseMs: 1000 })).toBe('new');
    await store.complete('a');
    expect(await store.begin('a', { leaseMs: 1000 })).toBe('done');
    await store.release('a'); // a release never undoes a completion
    expect(await store.begin('a', { leaseMs: 1000 })).toBe('done');
    vi.advanceTimersByTime(60_001);
    expect(await store.begin('a', { leaseMs: 1000 })).toBe('new');
    vi.advanceTimersByTime(120_000);
    await store.begin('b', { leaseMs: 1000 });
    expect(store.size).toBe(1);
  });

  it('refuses a bad ttlMs', () => {
    expect(() => createMemoryWebhookStore({ ttlMs: 0 })).toThrow(IngoConfigError);
  });
});

describe('createWebhookHandler: IP allowlist', () => {
  it('exports Ingo’s documented sender addresses', () => {
    expect(INGO_WEBHOOK_IPS.production).toEqual([
      '64.88.183.84',
      '50.56.42.59',
      '50.56.46.146',
      '50.57.62.142',
    ]);
    expect(INGO_WEBHOOK_IPS.sandbox).toHaveLength(8);
    expect(INGO_WEBHOOK_IPS.sandbox).toContain('18.189.65.27');
  });

  it('accepts Ingo’s production addresses, also IPv4-mapped, and refuses others with 403', async () => {
    const { handler, onEvent, onError } = webhookSetup({ ipAllowlist: 'production' });
    for (const [address, status] of [
      [INGO_PRODUCTION_IP, 200],
      ['::ffff:50.56.42.59', 200],
      ['::FFFF:50.57.62.142', 200],
      ['::ffff:4058:b754', 200], // 64.88.183.84 in hex
      ['18.189.65.27', 403], // a sandbox sender
      ['127.0.0.1', 403],
      ['64.88.183.85', 403],
      ['2001:db8::1', 403],
      ['not-an-ip', 403],
    ] as const) {
      const response = await handler(delivery(tokenization(`ip-${address}`)), {
        remoteAddress: address,
      });
      expect(response.status, address).toBe(status);
      if (status === 403) expect(await errorCode(response)).toBe('forbidden');
    }
    expect(onEvent).toHaveBeenCalledTimes(4);
    expect(reasons(onError)).toEqual([
      'ip_not_allowed',
      'ip_not_allowed',
      'ip_not_allowed',
      'ip_not_allowed',
      'client_ip_unknown',
    ]);
  });

  it("accepts Ingo's sandbox addresses with 'sandbox'", async () => {
    const { handler } = webhookSetup({ ipAllowlist: 'sandbox' });
    for (const address of INGO_WEBHOOK_IPS.sandbox) {
      const response = await handler(delivery(tokenization(address)), { remoteAddress: address });
      expect(response.status).toBe(200);
    }
    expect(
      (await handler(delivery(tokenization('p')), { remoteAddress: INGO_PRODUCTION_IP })).status,
    ).toBe(403);
  });

  it("accepts loopback only with 'local', in every spelling", async () => {
    const { handler } = webhookSetup({ ipAllowlist: 'local' });
    for (const address of [
      '127.0.0.1',
      '127.0.0.53',
      '::1',
      '::ffff:127.0.0.1',
      '0:0:0:0:0:0:0:1',
      '[::1]:5000',
      '127.0.0.1:5000',
    ]) {
      expect(
        (await handler(delivery(tokenization(address)), { remoteAddress: address })).status,
        address,
      ).toBe(200);
    }
    for (const address of ['10.0.0.1', '::2', '::ffff:10.0.0.1', '0127.0.0.1']) {
      expect(
        (await handler(delivery(tokenization(address)), { remoteAddress: address })).status,
        address,
      ).toBe(403);
    }
  });

  it('accepts your own addresses and CIDR ranges', async () => {
    const { handler } = webhookSetup({
      ipAllowlist: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'],
    });
    for (const [address, status] of [
      ['203.0.113.200', 200],
      ['203.0.114.1', 403],
      ['2001:db8:1234::9', 200],
      ['2001:db9::1', 403],
      ['198.51.100.7', 200],
      ['::ffff:198.51.100.7', 200],
      ['198.51.100.8', 403],
    ] as const) {
      expect(
        (await handler(delivery(tokenization(address)), { remoteAddress: address })).status,
        address,
      ).toBe(status);
    }
  });

  it('refuses with 403 when no address is known, and tells onError how to fix the setup', async () => {
    const { handler, onEvent, onError } = webhookSetup({ ipAllowlist: 'production' });
    const response = await handler(delivery(tokenization('no-ip')));
    expect(response.status).toBe(403);
    expect(onEvent).not.toHaveBeenCalled();
    const [error] = onError.mock.calls[0] ?? [];
    expect(error).toMatchObject({ reason: 'client_ip_unknown', httpStatus: 403 });
    expect(error?.message).toMatch(/remoteAddress/);
    expect(error?.message).toMatch(/trustProxyHeader/);
  });

  it('ignores a spoofed X-Forwarded-For when no proxy header is trusted', async () => {
    const { handler, onEvent } = webhookSetup({ ipAllowlist: 'production' });
    const spoofed = delivery(tokenization('spoof'), {
      headers: { 'x-forwarded-for': INGO_PRODUCTION_IP, 'x-real-ip': INGO_PRODUCTION_IP },
    });
    expect((await handler(spoofed, { remoteAddress: '198.51.100.66' })).status).toBe(403);
    expect(
      (
        await handler(
          delivery(tokenization('spoof2'), { headers: { 'x-forwarded-for': INGO_PRODUCTION_IP } }),
        )
      ).status,
    ).toBe(403);
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('with a trusted X-Forwarded-For, takes the entry your proxy appended (right-most)', async () => {
    const { handler } = webhookSetup({
      ipAllowlist: 'production',
      trustProxyHeader: 'x-forwarded-for',
    });
    const via = (xff: string, id: string) =>
      handler(delivery(tokenization(id), { headers: { 'x-forwarded-for': xff } }), {
        // The socket address is the proxy's, and is not what is checked.
        remoteAddress: '10.0.0.2',
      });
    expect((await via(INGO_PRODUCTION_IP, 'x1')).status).toBe(200);
    // The client wrote Ingo's address itself; the proxy appended the real one.
    expect((await via(`${INGO_PRODUCTION_IP}, 198.51.100.66`, 'x2')).status).toBe(403);
    expect((await via(`198.51.100.66, ${INGO_PRODUCTION_IP}`, 'x3')).status).toBe(200);
    expect(
      (await handler(delivery(tokenization('x4')), { remoteAddress: INGO_PRODUCTION_IP })).status,
    ).toBe(403);
  });

  it('counts trustedProxyHops from the right', async () => {
    const { handler } = webhookSetup({
      ipAllowlist: 'production',
      trustProxyHeader: 'X-Forwarded-For',
      trustedProxyHops: 2,
    });
    const via = (xff: string, id: string) =>
      handler(delivery(tokenization(id), { headers: { 'x-forwarded-for': xff } }));
    expect((await via(`${INGO_PRODUCTION_IP}, 10.0.0.9`, 'h1')).status).toBe(200);
    expect((await via(`1.2.3.4, ${INGO_PRODUCTION_IP}, 10.0.0.9`, 'h2')).status).toBe(200);
    expect((await via(`${INGO_PRODUCTION_IP}, 1.2.3.4, 10.0.0.9`, 'h3')).status).toBe(403);
    expect((await via('10.0.0.9', 'h4')).status).toBe(403);
  });

  it('reads single-address headers and RFC 7239 Forwarded', async () => {
    const cf = webhookSetup({ ipAllowlist: 'production', trustProxyHeader: 'cf-connecting-ip' });
    const viaCf = (value: string, id: string) =>
      cf.handler(delivery(tokenization(id), { headers: { 'cf-connecting-ip': value } }));
    expect((await viaCf(INGO_PRODUCTION_IP, 'c1')).status).toBe(200);
    expect((await viaCf(`::ffff:${INGO_PRODUCTION_IP}`, 'c2')).status).toBe(200);
    expect((await viaCf(`${INGO_PRODUCTION_IP}, 1.2.3.4`, 'c3')).status).toBe(403);

    const fwd = webhookSetup({ ipAllowlist: 'local', trustProxyHeader: 'forwarded' });
    const viaFwd = (value: string, id: string) =>
      fwd.handler(delivery(tokenization(id), { headers: { forwarded: value } }));
    expect((await viaFwd('for=198.51.100.1, for="[::1]:4711";proto=https', 'f1')).status).toBe(200);
    expect((await viaFwd('for=127.0.0.1, for=198.51.100.1', 'f2')).status).toBe(403);
    expect((await viaFwd('for=_hidden', 'f3')).status).toBe(403);
  });

  it('accepts anyone with ipAllowlist: false, and still records the address', async () => {
    const { handler, deliveries } = webhookSetup({ ipAllowlist: false });
    expect(
      (await handler(delivery(tokenization('any')), { remoteAddress: '198.51.100.1' })).status,
    ).toBe(200);
    expect((await handler(delivery(tokenization('none')))).status).toBe(200);
    expect(deliveries.map((d) => d.remoteAddress)).toEqual(['198.51.100.1', undefined]);
  });
});

describe('createWebhookHandler: signatures', () => {
  const verifier = hmacSignatureVerifier({ secret: SANDBOX_WEBHOOK_SECRET });

  it('enforces an HMAC-SHA512 base64 signature over the raw bytes (the emulator’s scheme)', async () => {
    const { handler, deliveries, onEvent } = webhookSetup({ verifySignature: verifier });
    // Odd spacing: the signature covers the exact bytes, not a re-serialisation.
    const body = ` ${tokenization('sig-1').replace('{"metadata"', '{ "metadata"')}\n`;
    const ok = await handler(
      delivery(body, { headers: { 'X-Ingo-Signature': sign(body) } }),
      LOCAL,
    );
    expect(ok.status).toBe(200);
    expect(deliveries[0]?.signature).toBe('verified');

    for (const [name, headers] of [
      ['no header', {}],
      ['a wrong secret', { 'x-ingo-signature': sign(body, 'other-secret') }],
      ['a signature of other bytes', { 'x-ingo-signature': sign(tokenization('sig-1')) }],
      [
        'hex instead of base64',
        { 'x-ingo-signature': Buffer.from(sign(body), 'base64').toString('hex') },
      ],
      ['garbage', { 'x-ingo-signature': '!!!' }],
      ['a truncated signature', { 'x-ingo-signature': sign(body).slice(0, 44) }],
    ] as const) {
      const response = await handler(delivery(body.replace('sig-1', 'sig-2'), { headers }), LOCAL);
      expect(response.status, name).toBe(401);
      expect(await errorCode(response)).toBe('invalid_signature');
    }
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it('reports but accepts a bad signature in logOnly mode', async () => {
    const { handler, deliveries, onError } = webhookSetup({
      verifySignature: verifier,
      signatureMode: 'logOnly',
    });
    const body = tokenization('log-1');
    expect(
      (await handler(delivery(body, { headers: { 'x-ingo-signature': 'AAAA' } }), LOCAL)).status,
    ).toBe(200);
    expect(deliveries[0]?.signature).toBe('failed');
    expect(onError.mock.calls[0]?.[0]).toMatchObject({
      reason: 'invalid_signature',
      httpStatus: undefined,
    });
    const good = tokenization('log-2');
    expect(
      (await handler(delivery(good, { headers: { 'x-ingo-signature': sign(good) } }), LOCAL))
        .status,
    ).toBe(200);
    expect(deliveries[1]?.signature).toBe('verified');
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('does not check with signatureMode off, even with a verifier', async () => {
    const check = vi.fn(() => false);
    const { handler, deliveries } = webhookSetup({ verifySignature: check, signatureMode: 'off' });
    expect((await handler(delivery(tokenization('off-1')), LOCAL)).status).toBe(200);
    expect(check).not.toHaveBeenCalled();
    expect(deliveries[0]?.signature).toBe('unchecked');
  });

  it('counts a throwing verifier as a failed check', async () => {
    const { handler, onEvent, onError } = webhookSetup({
      verifySignature: () => {
        throw new Error('bug');
      },
    });
    expect((await handler(delivery(tokenization('t-1')), LOCAL)).status).toBe(401);
    expect(onEvent).not.toHaveBeenCalled();
    expect(reasons(onError)).toEqual(['signature_check_failed']);
  });

  it('checks the IP before the signature, and the signature before parsing', async () => {
    const check = vi.fn(() => false);
    const { handler } = webhookSetup({ ipAllowlist: 'production', verifySignature: check });
    expect((await handler(delivery('not json'), { remoteAddress: '198.51.100.1' })).status).toBe(
      403,
    );
    expect(check).not.toHaveBeenCalled();
    expect(
      (await handler(delivery('not json'), { remoteAddress: INGO_PRODUCTION_IP })).status,
    ).toBe(401);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('supports hex, SHA-256, another header and rotated secrets', async () => {
    const { createHmac } = await import('node:crypto');
    const body = tokenization('hex-1');
    const hex256 = createHmac('sha256', 'new-secret').update(body).digest('hex');
    const check = hmacSignatureVerifier({
      secret: ['new-secret', 'old-secret'],
      header: 'X-Signature',
      hash: 'SHA-256',
      encoding: 'hex',
    });
    const headersOf = (value: string) => new Headers({ 'x-signature': value });
    const rawBody = new TextEncoder().encode(body);
    expect(await check({ headers: headersOf(hex256), rawBody })).toBe(true);
    expect(await check({ headers: headersOf(hex256.toUpperCase()), rawBody })).toBe(true);
    const old = createHmac('sha256', 'old-secret').update(body).digest('hex');
    expect(await check({ headers: headersOf(old), rawBody })).toBe(true);
    expect(await check({ headers: headersOf(`${hex256}0`), rawBody })).toBe(false);
    expect(await check({ headers: new Headers({ 'x-ingo-signature': hex256 }), rawBody })).toBe(
      false,
    );
    expect(
      await verifier({ headers: new Headers({ 'x-ingo-signature': sign(body) }), rawBody }),
    ).toBe(true);
  });

  it('refuses bad verifier options', () => {
    expect(() => hmacSignatureVerifier({ secret: '' })).toThrow(IngoConfigError);
    expect(() => hmacSignatureVerifier({ secret: [] })).toThrow(IngoConfigError);
    expect(() => hmacSignatureVerifier({ secret: 's', hash: 'SHA-1' as never })).toThrow(
      IngoConfigError,
    );
    expect(() => hmacSignatureVerifier({ secret: 's', encoding: 'base32' as never })).toThrow(
      IngoConfigError,
    );
    expect(() => hmacSignatureVerifier({ secret: 's', header: 'bad header' })).toThrow(
      IngoConfigError,
    );
  });
});

describe('createWebhookHandler: the signed-in user behind a plugin event', () => {
  const SECRET = 'merchant-secret';
  const BROWSER_KEY = '6f1c2b9e-8a51-4c57-9d0e-2f1a3b4c5d6e';

  async function sessionPid1() {
    const ingo = fakeFetch({ status: 200, body: sessionOk() });
    const client = createIngoClient({
      username: 'merchant',
      secret: SECRET,
      environment: 'sandbox',
      fetch: ingo,
    });
    const sessionHandler = createSessionHandler({
      client,
      resolveSession: () => ({ subject: 'user-alice', recipient: RECIPIENT }),
    });
    const response = await sessionHandler(
      new Request('https://merchant.example.com/api/ingo/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idempotencyKey: BROWSER_KEY, destination: 'debit' }),
      }),
    );
    expect(response.status).toBe(200);
    const sent = JSON.parse(ingo.calls[0]?.body.toString('utf8') ?? '{}');
    return { sessionHandler, pid1: sent.participant_unique_id1 as string };
  }

  it('gives onEvent the subject, through the session handler itself', async () => {
    const { sessionHandler, pid1 } = await sessionPid1();
    const { handler, deliveries } = webhookSetup({ identity: sessionHandler });
    expect((await handler(delivery(tokenization('who-1', pid1)), LOCAL)).status).toBe(200);
    expect(deliveries[0]?.subject).toBe('user-alice');
    expect(deliveries[0]?.event.ancillary.participantUniqueId1).toBe(pid1);
  });

  it('gives onEvent the subject in another process, through createParticipantIdReader', async () => {
    const { pid1 } = await sessionPid1();
    // Another process: its own client from the same credentials.
    const client = createIngoClient({
      username: 'merchant',
      secret: SECRET,
      environment: 'sandbox',
    });
    const { handler, deliveries } = webhookSetup({
      identity: createParticipantIdReader({ client }),
    });
    await handler(delivery(tokenization('who-2', pid1)), LOCAL);
    await handler(delivery(tokenization('who-3', 'PARTNER-REF-001')), LOCAL);
    const forged = `${pid1.slice(0, 50)}${pid1[50] === 'A' ? 'B' : 'A'}${pid1.slice(51)}`;
    await handler(delivery(tokenization('who-4', forged)), LOCAL);
    await handler(delivery(EXAMPLES.checkReturned), LOCAL);
    expect(deliveries.map((d) => d.subject)).toEqual([
      'user-alice',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('answers 500 (Ingo retries) when the identity reader throws', async () => {
    const { handler, onEvent, onError } = webhookSetup({
      identity: {
        subjectOf: async () => {
          throw new Error('no crypto');
        },
      },
    });
    expect((await handler(delivery(EXAMPLES.tokenization), LOCAL)).status).toBe(500);
    expect(onEvent).not.toHaveBeenCalled();
    expect(reasons(onError)).toEqual(['identity_failed']);
  });
});

describe('createWebhookHandler: options', () => {
  const base = { onEvent: async () => undefined, store: createMemoryWebhookStore() };

  it('requires a deliberate ipAllowlist', () => {
    expect(() => createWebhookHandler(base as never)).toThrow(/ipAllowlist is required/);
    expect(() => createWebhookHandler({ ...base, ipAllowlist: [] })).toThrow(/empty list/);
    expect(() =>
      createWebhookHandler({ ...base, ipAllowlist: ['1.2.3.4', 'example.com', '10.0.0.0/33'] }),
    ).toThrow(/"example.com", "10.0.0.0\/33"/);
    expect(() => createWebhookHandler({ ...base, ipAllowlist: 'staging' as never })).toThrow(
      IngoConfigError,
    );
    expect(() => createWebhookHandler({ ...base, ipAllowlist: false })).not.toThrow();
  });

  it('requires onEvent and a store', () => {
    expect(() =>
      createWebhookHandler({ ...base, onEvent: undefined as never, ipAllowlist: false }),
    ).toThrow(/onEvent/);
    expect(() => createWebhookHandler({ ...base, store: {} as never, ipAllowlist: false })).toThrow(
      /begin\(id/,
    );
  });

  it('checks the signature and proxy settings', () => {
    expect(() =>
      createWebhookHandler({ ...base, ipAllowlist: false, signatureMode: 'enforce' }),
    ).toThrow(/needs verifySignature/);
    expect(() =>
      createWebhookHandler({
        ...base,
        ipAllowlist: false,
        signatureMode: 'strict' as never,
        verifySignature: () => true,
      }),
    ).toThrow(IngoConfigError);
    expect(() =>
      createWebhookHandler({ ...base, ipAllowlist: 'local', trustedProxyHops: 2 }),
    ).toThrow(/trustedProxyHops only applies/);
    expect(() =>
      createWebhookHandler({ ...base, ipAllowlist: 'local', trustProxyHeader: 'x real ip' }),
    ).toThrow(IngoConfigError);
    expect(() =>
      createWebhookHandler({ ...base, ipAllowlist: 'local', identity: {} as never }),
    ).toThrow(/subjectOf/);
  });

  it('keeps the budget under Ingo’s 10 s', () => {
    expect(() =>
      createWebhookHandler({ ...base, ipAllowlist: false, onEventTimeoutMs: 10_000 }),
    ).toThrow(/Ingo waits 10 s/);
    expect(() => createWebhookHandler({ ...base, ipAllowlist: false, maxBodyBytes: 10 })).toThrow(
      IngoConfigError,
    );
  });

  it('still answers when onError itself throws', async () => {
    const { handler } = webhookSetup({
      onError: () => {
        throw new Error('logger down');
      },
    });
    expect((await handler(delivery('nope'), LOCAL)).status).toBe(400);
  });
});
