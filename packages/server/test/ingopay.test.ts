/**
 * pushFunds/pullFunds against a scripted fetch: signing, outcomes, the retry policy (one
 * participant_unique_id1, fresh timestamp and signature per attempt), errors and options.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createIngoClient,
  type FetchLike,
  INGOPAY_API_URLS,
  IngoApiError,
  IngoAuthenticationError,
  IngoConfigError,
  IngoUnavailableError,
  PULL_PATH,
  PUSH_PATH,
  type PullFundsInput,
  type PullResult,
  type PushFundsInput,
  type PushResult,
} from '../src/index.js';
import { fakeFetch, type RecordedCall, verifyRecorded } from './helpers.js';
import {
  PULL,
  PUSH,
  payClient,
  pullAnswer,
  pushAnswer,
  pushFailure,
  SECRET,
  USERNAME,
} from './ingopay-helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

function bodyOf(call: RecordedCall | undefined): Record<string, unknown> {
  if (!call) throw new Error('no call');
  return JSON.parse(call.body.toString('utf8'));
}

function pid1Of(call: RecordedCall): unknown {
  const body = bodyOf(call);
  const transaction = body.transaction as
    | { participant_unique_ids: { participant_unique_id1: string } }
    | undefined;
  return transaction
    ? transaction.participant_unique_ids.participant_unique_id1
    : body.participant_unique_id1;
}

describe('the request', () => {
  it('push: signed POST to the sandbox /gateway/process, in IngoPay’s header order', async () => {
    const fetch = fakeFetch({ status: 200, body: pushAnswer() });
    await payClient(fetch).pushFunds(PUSH);
    const [call] = fetch.calls;
    if (!call) throw new Error('no call');
    expect(PUSH_PATH).toBe('/gateway/process');
    expect(call.url).toBe(`${INGOPAY_API_URLS.sandbox}/gateway/process`);
    expect(call.method).toBe('POST');
    expect(call.headers.get('authorization')).toContain(
      'headers="request-line x-date content-type content-sha512 content-length"',
    );
    expect(call.headers.get('idempotency-key')).toBeNull();
    expect(call.headers.get('content-type')).toBe('application/json');
    expect(verifyRecorded(call, USERNAME, SECRET)).toBeUndefined();
  });

  it('pull: signed POST to /gateway/v12/debit/process', async () => {
    const fetch = fakeFetch({ status: 200, body: pullAnswer() });
    await payClient(fetch, { environment: 'production' }).pullFunds(PULL);
    const [call] = fetch.calls;
    if (!call) throw new Error('no call');
    expect(PULL_PATH).toBe('/gateway/v12/debit/process');
    expect(call.url).toBe('https://payapi.ingo.money/gateway/v12/debit/process');
    expect(verifyRecorded(call, USERNAME, SECRET)).toBeUndefined();
  });

  it('signs the real path under a prefixed ingoPayApiUrl, and honours signedHeaders', async () => {
    const fetch = fakeFetch({ status: 200, body: pushAnswer() });
    const client = payClient(fetch, {
      ingoPayApiUrl: 'http://127.0.0.1:4010/proxy/ingo/',
      signedHeaders: ['request-line', 'x-date', 'content-type', 'content-length', 'content-sha512'],
    });
    expect(client.ingoPayApiUrl).toBe('http://127.0.0.1:4010/proxy/ingo');
    await client.pushFunds(PUSH);
    const [call] = fetch.calls;
    if (!call) throw new Error('no call');
    expect(call.url).toBe('http://127.0.0.1:4010/proxy/ingo/gateway/process');
    expect(call.headers.get('authorization')).toContain(
      'headers="request-line x-date content-type content-length content-sha512"',
    );
    expect(verifyRecorded(call, USERNAME, SECRET)).toBeUndefined();
  });

  it('accepts the participant id as a digit string', async () => {
    const fetch = fakeFetch({ status: 200, body: pullAnswer() });
    await payClient(fetch, { participantId: '00777' }).pullFunds(PULL);
    expect(bodyOf(fetch.calls[0]).request).toMatchObject({ participant_id: '777' });
  });
});

describe('outcomes', () => {
  it('push 100 → succeeded, with the transaction id as a string', async () => {
    const fetch = fakeFetch({ status: 200, body: pushAnswer(100, 2361537) });
    expect(await payClient(fetch).pushFunds(PUSH)).toEqual({
      outcome: 'succeeded',
      ingoStatus: 100,
      replayed: false,
      standIn: false,
      transactionId: '2361537',
      estimatedPostingDate: '04/22/2026',
      estimatedPostingTime: 'Payment will post within 5 minutes.',
      participantUniqueId1: 'payout-1',
      attempts: 1,
    });
  });

  it('push 102 (stand-in) → succeeded, exactly like 100', async () => {
    const fetch = fakeFetch({ status: 200, body: pushAnswer(102) });
    expect(await payClient(fetch).pushFunds(PUSH)).toMatchObject({
      outcome: 'succeeded',
      ingoStatus: 102,
      standIn: true,
      replayed: false,
    });
    expect(fetch.calls).toHaveLength(1);
  });

  it('check push → succeeded with the check number', async () => {
    const answer = pushAnswer();
    const fetch = fakeFetch({
      status: 200,
      body: { ...answer, data: { ...answer.data, check_number: '100042' } },
    });
    const result = await payClient(fetch).pushFunds({ ...PUSH, accountType: 'CK' });
    expect(result).toMatchObject({ outcome: 'succeeded', checkNumber: '100042' });
  });

  it('push 103 → pending; push 700 → failed, never retried', async () => {
    const queued = fakeFetch({ status: 200, body: pushFailure(103, 'Queued') });
    expect(await payClient(queued).pushFunds(PUSH)).toEqual({
      outcome: 'pending',
      ingoStatus: 103,
      ingoMessage: 'Queued',
      participantUniqueId1: 'payout-1',
      attempts: 1,
    });
    const unavailable = fakeFetch(
      { status: 200, body: pushFailure(700, 'Account not currently available') },
      { status: 200, body: pushAnswer() },
    );
    expect(await payClient(unavailable).pushFunds(PUSH)).toEqual({
      outcome: 'failed',
      ingoStatus: 700,
      ingoMessage: 'Account not currently available',
      participantUniqueId1: 'payout-1',
      attempts: 1,
    });
    expect(unavailable.calls).toHaveLength(1);
  });

  it('final codes are failed whatever their family, with one call each', async () => {
    for (const status of [400, 401, 612, 1042, 851]) {
      const fetch = fakeFetch({ status: 200, body: pushFailure(status) });
      const result = await payClient(fetch).pushFunds(PUSH);
      expect(result).toMatchObject({ outcome: 'failed', ingoStatus: status });
      expect(fetch.calls).toHaveLength(1);
    }
  });

  it('a 4xx HTTP answer that carries a body status is judged by that status', async () => {
    const fetch = fakeFetch({ status: 400, body: pushFailure(400, 'Missing parameter') });
    expect(await payClient(fetch).pushFunds(PUSH)).toMatchObject({
      outcome: 'failed',
      ingoStatus: 400,
    });
  });

  it('pull: reads string statuses and ids', async () => {
    const fetch = fakeFetch({ status: 200, body: pullAnswer('100', '1237775') });
    expect(await payClient(fetch).pullFunds(PULL)).toEqual({
      outcome: 'succeeded',
      ingoStatus: 100,
      replayed: false,
      transactionId: '1237775',
      estimatedPostingDate: '04/23/2026',
      estimatedPostingTime: 'Payment will post 04/23/2026',
      participantUniqueId1: 'collect-1',
      attempts: 1,
    });
  });

  it('pull 102 → pending (no debit stand-in is documented); pull 700 → failed, not replayed', async () => {
    const pending = fakeFetch({ status: 200, body: pullAnswer('102') });
    expect(await payClient(pending).pullFunds(PULL)).toMatchObject({
      outcome: 'pending',
      ingoStatus: 102,
      transactionId: '1237775',
    });
    const declined = fakeFetch({
      status: 200,
      body: {
        request: { participant_id: '12345', timestamp: '1' },
        response: { status: '700', message: 'Account not currently available', duration: '0.1' },
      },
    });
    expect(await payClient(declined).pullFunds(PULL)).toEqual({
      outcome: 'failed',
      ingoStatus: 700,
      ingoMessage: 'Account not currently available',
      participantUniqueId1: 'collect-1',
      attempts: 1,
    });
    expect(declined.calls).toHaveLength(1);
  });

  it('an undocumented 1xx code is not a decline: push assumes success, pull assumes failure', async () => {
    const push = fakeFetch({ status: 200, body: pushFailure(110) });
    expect(await payClient(push).pushFunds(PUSH)).toEqual({
      outcome: 'assumed_succeeded',
      reason: 'unknown_status',
      ingoStatus: 110,
      participantUniqueId1: 'payout-1',
      attempts: 1,
    });
    const pull = fakeFetch({ status: 200, body: pullAnswer('110') });
    expect(await payClient(pull).pullFunds(PULL)).toMatchObject({
      outcome: 'assumed_failed',
      reason: 'unknown_status',
    });
  });
});

describe('retries: one participant_unique_id1, a fresh timestamp and signature each time', () => {
  it('timeout, then 101 → succeeded, replayed, with the original transaction id', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1576100703_000 });
    const fetch = fakeFetch({ hang: true }, { status: 200, body: pushAnswer(101, 2361537) });
    // Ten seconds pass between the attempts: the retry must not reuse the first timestamp.
    const spaced: FetchLike = async (url, init) => {
      const response = fetch(url, init);
      vi.setSystemTime(Date.now() + 10_000);
      return response;
    };
    const result = await payClient(spaced).pushFunds(PUSH);
    expect(result).toMatchObject({
      outcome: 'succeeded',
      ingoStatus: 101,
      replayed: true,
      transactionId: '2361537',
      attempts: 2,
    });
    const [first, second] = fetch.calls;
    if (!first || !second) throw new Error('missing calls');
    expect(first.signal?.aborted).toBe(true);
    expect(pid1Of(first)).toBe('payout-1');
    expect(pid1Of(second)).toBe('payout-1');
    expect(bodyOf(first).timestamp).toBe(1576100703);
    expect(bodyOf(second).timestamp).toBe(1576100713);
    expect(second.headers.get('x-date')).toBe('Wed, 11 Dec 2019 21:45:13 GMT');
    // Only the timestamp differs between the attempts.
    expect({ ...bodyOf(second), timestamp: 0 }).toEqual({ ...bodyOf(first), timestamp: 0 });
    for (const call of fetch.calls) expect(verifyRecorded(call, USERNAME, SECRET)).toBeUndefined();
  });

  it('104 (in progress), then 100', async () => {
    const fetch = fakeFetch(
      { status: 200, body: pushFailure(104, 'In Progress - Idempotent Response') },
      { status: 200, body: pushAnswer(100) },
    );
    expect(await payClient(fetch).pushFunds(PUSH)).toMatchObject({
      outcome: 'succeeded',
      attempts: 2,
    });
    expect(fetch.calls.map(pid1Of)).toEqual(['payout-1', 'payout-1']);
  });

  it('HTTP 503, then 100; body status 503, then 100; HTTP 429, then 100', async () => {
    for (const first of [
      { status: 503, body: 'Service Unavailable' },
      { status: 200, body: pushFailure(503, 'Temporary failure') },
      { status: 429, body: { message: 'API rate limit exceeded' } },
    ]) {
      const fetch = fakeFetch(first, { status: 200, body: pushAnswer(100) });
      expect(await payClient(fetch).pushFunds(PUSH)).toMatchObject({
        outcome: 'succeeded',
        ingoStatus: 100,
        attempts: 2,
      });
    }
  });

  it('an unreadable 200, or a success without a transaction id, is replayed', async () => {
    for (const first of [
      { status: 200, body: '<html>gateway</html>' },
      { status: 200, body: { status: 100, client_message: 'Success', data: {} } },
    ]) {
      const fetch = fakeFetch(first, { status: 200, body: pushAnswer(101) });
      expect(await payClient(fetch).pushFunds(PUSH)).toMatchObject({
        outcome: 'succeeded',
        replayed: true,
        attempts: 2,
      });
    }
  });

  it('a pull is replayed after a timeout too, with the same id', async () => {
    const fetch = fakeFetch({ hang: true }, { status: 200, body: pullAnswer('101') });
    expect(await payClient(fetch).pullFunds(PULL)).toMatchObject({
      outcome: 'succeeded',
      replayed: true,
      attempts: 2,
    });
    expect(fetch.calls.map(pid1Of)).toEqual(['collect-1', 'collect-1']);
  });

  it('push without any answer → assumed_succeeded after maxAttempts', async () => {
    const fetch = fakeFetch({ hang: true });
    expect(await payClient(fetch).pushFunds(PUSH)).toEqual({
      outcome: 'assumed_succeeded',
      reason: 'no_answer',
      participantUniqueId1: 'payout-1',
      attempts: 3,
    });
    expect(fetch.calls).toHaveLength(3);
    expect(new Set(fetch.calls.map(pid1Of))).toEqual(new Set(['payout-1']));
  });

  it('pull without any answer → assumed_failed', async () => {
    const fetch = fakeFetch({ networkError: true });
    expect(await payClient(fetch).pullFunds(PULL)).toEqual({
      outcome: 'assumed_failed',
      reason: 'no_answer',
      participantUniqueId1: 'collect-1',
      attempts: 3,
    });
  });

  it('names the most telling reason: 104 beats 5xx beats silence', async () => {
    const fetch = fakeFetch(
      { hang: true },
      { status: 200, body: pushFailure(104) },
      { status: 502, body: 'Bad Gateway' },
    );
    expect(await payClient(fetch).pushFunds(PUSH)).toMatchObject({
      outcome: 'assumed_succeeded',
      reason: 'in_progress',
      ingoStatus: 104,
      attempts: 3,
    });
    const servers = fakeFetch({ hang: true }, { status: 200, body: pullAnswer('500') });
    expect(await payClient(servers).pullFunds(PULL)).toMatchObject({
      outcome: 'assumed_failed',
      reason: 'server_error',
      ingoStatus: 500,
    });
  });

  it('connection refused every time → IngoUnavailableError: nothing was sent', async () => {
    for (const refused of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'] as const) {
      const fetch = fakeFetch({ refused });
      const error = (await payClient(fetch)
        .pushFunds(PUSH)
        .catch((e: unknown) => e)) as IngoUnavailableError;
      expect(error).toBeInstanceOf(IngoUnavailableError);
      expect(error.reason).toBe('network');
      expect(error.attempts).toBe(3);
      expect(error.message).toMatch(/nothing was processed.*same participantUniqueId1/);
      expect(fetch.calls).toHaveLength(3);
    }
  });

  it('HTTP 429 every time → IngoUnavailableError (rate_limited)', async () => {
    const fetch = fakeFetch({ status: 429, body: { message: 'API rate limit exceeded' } });
    const error = (await payClient(fetch)
      .pullFunds(PULL)
      .catch((e: unknown) => e)) as IngoUnavailableError;
    expect(error).toBeInstanceOf(IngoUnavailableError);
    expect(error.reason).toBe('rate_limited');
    expect(error.httpStatus).toBe(429);
  });

  it('refused, then no answer → assumed: the later attempts may have reached Ingo', async () => {
    const fetch = fakeFetch({ refused: 'ECONNREFUSED' }, { hang: true });
    expect(await payClient(fetch).pushFunds(PUSH)).toMatchObject({
      outcome: 'assumed_succeeded',
      reason: 'no_answer',
      attempts: 3,
    });
  });

  it('waits firstRetryDelayMs before the first replay, then longer, capped', async () => {
    const fetch = fakeFetch({ status: 503 }, { status: 503 }, { status: 200, body: pushAnswer() });
    await payClient(fetch, {
      ingoPay: { firstRetryDelayMs: 40, maxRetryDelayMs: 60 },
    }).pushFunds(PUSH);
    const [a, b, c] = fetch.calls.map((call) => call.at);
    if (a === undefined || b === undefined || c === undefined) throw new Error('missing calls');
    expect(b - a).toBeGreaterThanOrEqual(38);
    expect(c - b).toBeGreaterThanOrEqual(38);
    expect(c - b).toBeLessThan(60 + 50);
  });

  it('makes exactly one attempt with maxAttempts: 1', async () => {
    const fetch = fakeFetch({ status: 503 });
    expect(await payClient(fetch, { ingoPay: { maxAttempts: 1 } }).pushFunds(PUSH)).toMatchObject({
      outcome: 'assumed_succeeded',
      reason: 'server_error',
      attempts: 1,
    });
    expect(fetch.calls).toHaveLength(1);
  });

  it('stops when the caller aborts, with the caller’s reason', async () => {
    const fetch = fakeFetch({ status: 503 });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const client = payClient(
      async (url, init) => {
        const response = await fetch(url, init);
        controller.abort(reason);
        return response;
      },
      { ingoPay: { firstRetryDelayMs: 60_000, maxRetryDelayMs: 60_000 } },
    );
    await expect(client.pushFunds(PUSH, { signal: controller.signal })).rejects.toBe(reason);
    expect(fetch.calls).toHaveLength(1);
  });

  it('throttles to maxRequestsPerSecond across push and pull', async () => {
    const fetch: FetchLike & { calls: RecordedCall[] } = fakeFetch({
      status: 200,
      body: pushAnswer(),
    });
    const client = payClient(fetch, { ingoPay: { maxRequestsPerSecond: 2 } });
    const started = Date.now();
    await Promise.all([
      client.pushFunds(PUSH),
      client.pullFunds(PULL).catch(() => undefined),
      client.pushFunds({ ...PUSH, participantUniqueId1: 'payout-2' }),
    ]);
    const times = fetch.calls.map((call) => call.at - started).sort((x, y) => x - y);
    expect(times).toHaveLength(3);
    expect(times[1]).toBeLessThan(500);
    expect(times[2]).toBeGreaterThanOrEqual(990);
  });
});

describe('errors', () => {
  it('HTTP 401 → IngoAuthenticationError with the credentials hint, one call', async () => {
    const fetch = fakeFetch({ status: 401, body: { message: 'HMAC signature does not match' } });
    const error = (await payClient(fetch)
      .pushFunds(PUSH)
      .catch((e: unknown) => e)) as IngoAuthenticationError;
    expect(error).toBeInstanceOf(IngoAuthenticationError);
    expect(error.likelyCause).toBe('credentials');
    expect(error.hint).toMatch(/sandbox credentials for https:\/\/payapi-sandbox\.ingo\.money/);
    expect(error.message).not.toContain(SECRET);
    expect(fetch.calls).toHaveLength(1);
  });

  it('HTTP 403 likewise; body status 402 → the clock-skew hint', async () => {
    const forbidden = fakeFetch({ status: 403, body: { message: 'Forbidden' } });
    await expect(payClient(forbidden).pullFunds(PULL)).rejects.toBeInstanceOf(
      IngoAuthenticationError,
    );
    const stale = fakeFetch({
      status: 200,
      body: pushFailure(402, 'Transaction Failure - Contact Ingo Payments Client Services'),
    });
    const error = (await payClient(stale)
      .pushFunds(PUSH)
      .catch((e: unknown) => e)) as IngoAuthenticationError;
    expect(error).toBeInstanceOf(IngoAuthenticationError);
    expect(error.likelyCause).toBe('clock_skew');
    expect(error.hint).toMatch(/status 402.*Synchronise the server clock/);
    expect(stale.calls).toHaveLength(1);
  });

  it('HTTP 404 or 406 without a body status → IngoApiError, not retried', async () => {
    const notFound = fakeFetch({ status: 404, body: 'Not Found' });
    const error = (await payClient(notFound)
      .pushFunds(PUSH)
      .catch((e: unknown) => e)) as IngoApiError;
    expect(error).toBeInstanceOf(IngoApiError);
    expect(error.httpStatus).toBe(404);
    expect(error.message).toMatch(/check ingoPayApiUrl/);
    expect(notFound.calls).toHaveLength(1);
    const notAcceptable = fakeFetch({ status: 406, body: { message: 'JSON only' } });
    await expect(payClient(notAcceptable).pullFunds(PULL)).rejects.toBeInstanceOf(IngoApiError);
  });

  it('without participantId → IngoConfigError naming the option and the variable; nothing sent', async () => {
    const fetch = fakeFetch({ status: 200, body: pushAnswer() });
    const client = createIngoClient({ username: 'u', secret: 's', environment: 'sandbox', fetch });
    for (const call of [() => client.pushFunds(PUSH), () => client.pullFunds(PULL)]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngoConfigError);
      expect((error as Error).message).toMatch(/participantId.*INGO_PARTICIPANT_ID/);
    }
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('createIngoClient: IngoPay options', () => {
  const base = { username: 'u', secret: 's', environment: 'sandbox' as const };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'a participantId with letters',
      { participantId: '12a' },
      /participantId must be your numeric/,
    ],
    ['a zero participantId', { participantId: 0 }, /participantId/],
    ['a fractional participantId', { participantId: 1.5 }, /participantId/],
    [
      'a relative ingoPayApiUrl',
      { ingoPayApiUrl: 'payapi' },
      /ingoPayApiUrl "payapi" is not an absolute URL/,
    ],
    [
      'plain http in production',
      { environment: 'production', ingoPayApiUrl: 'http://payapi.test' },
      /production ingoPayApiUrl must use https/,
    ],
    ['a query string', { ingoPayApiUrl: 'https://p.test/?x=1' }, /without query/],
    ['credentials in the URL', { ingoPayApiUrl: 'https://a:b@p.test' }, /credentials/],
    [
      'zero attempts',
      { ingoPay: { maxAttempts: 0 } },
      /ingoPay\.maxAttempts must be an integer from 1 to 20/,
    ],
    ['a zero timeout', { ingoPay: { timeoutMs: 0 } }, /ingoPay\.timeoutMs/],
    [
      'an unknown ingoPay option',
      { ingoPay: { maxRetries: 3 } },
      /ingoPay\.maxRetries is not an option/,
    ],
    [
      'a cap below the first delay',
      { ingoPay: { firstRetryDelayMs: 5_000, maxRetryDelayMs: 1_000 } },
      /maxRetryDelayMs \(1000\) must not be below/,
    ],
    ['a zero rate', { ingoPay: { maxRequestsPerSecond: 0 } }, /maxRequestsPerSecond/],
  ];
  for (const [name, override, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(() => createIngoClient({ ...base, ...override })).toThrow(IngoConfigError);
      expect(() => createIngoClient({ ...base, ...override })).toThrow(message);
    });
  }

  it('defaults the IngoPay URL by environment', () => {
    expect(createIngoClient(base).ingoPayApiUrl).toBe('https://payapi-sandbox.ingo.money');
    expect(createIngoClient({ ...base, environment: 'production' }).ingoPayApiUrl).toBe(
      'https://payapi.ingo.money',
    );
  });
});

describe('types (checked by the typecheck of test/)', () => {
  it('show assumed_succeeded only on push, and refuse impossible inputs', () => {
    const outcomes = (push: PushResult, pull: PullResult): string[] => {
      const seen: string[] = [];
      if (push.outcome === 'assumed_succeeded') seen.push(push.reason);
      if (push.outcome === 'succeeded' && push.standIn) seen.push(push.transactionId);
      // @ts-expect-error a pull is never assumed to have succeeded
      if (pull.outcome === 'assumed_succeeded') seen.push('impossible');
      if (pull.outcome === 'assumed_failed') seen.push(pull.reason);
      return seen;
    };
    const base = {
      customerAccountToken: 't',
      participantUniqueId1: 'p',
      sourceOfFunds: 4,
    } as const;
    const inputs = (): unknown[] => {
      const fine: PushFundsInput[] = [
        { ...base, accountType: 'RT', amountCents: 1 },
        { ...base, accountType: 'AC', amount: '1.00', additionalDetail: { sourceName: 'A' } },
        { ...base, accountType: 'CK', amount: '1.00', checkMemoData: 'memo' },
      ];
      const rtp: PushFundsInput = {
        ...base,
        accountType: 'RT',
        amount: '1.00',
        // @ts-expect-error RT takes no additionalDetail
        additionalDetail: {},
      };
      // @ts-expect-error exactly one of amount and amountCents
      const both: PushFundsInput = { ...base, accountType: 'CA', amount: '1.00', amountCents: 100 };
      // @ts-expect-error the amount is a string, never a float
      const float: PushFundsInput = { ...base, accountType: 'CA', amount: 1.5 };
      // @ts-expect-error a pull comes from a card or a bank account
      const pullRtp: PullFundsInput = { ...base, accountType: 'RT', amount: '1.00' };
      return [fine, rtp, both, float, pullRtp];
    };
    expect(outcomes(pushAnswerResult, pullAssumed)).toEqual(['no_answer']);
    expect(inputs()).toHaveLength(5);
  });
});

const pushAnswerResult: PushResult = {
  outcome: 'pending',
  ingoStatus: 103,
  ingoMessage: undefined,
  participantUniqueId1: 'p',
  attempts: 1,
};
const pullAssumed: PullResult = {
  outcome: 'assumed_failed',
  reason: 'no_answer',
  participantUniqueId1: 'p',
  attempts: 5,
};
