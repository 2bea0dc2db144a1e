import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createIngoClient,
  IngoApiError,
  IngoAuthenticationError,
  type IngoClientOptions,
  IngoConfigError,
  IngoIdempotencyMismatchError,
  IngoUnavailableError,
  IngoValidationError,
} from '../src/index.js';
import { fakeFetch, RECIPIENT, sessionOk, verifyRecorded } from './helpers.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function client(fetch: IngoClientOptions['fetch'], options: Partial<IngoClientOptions> = {}) {
  return createIngoClient({
    username: 'merchant',
    secret: 'merchant-secret',
    environment: 'sandbox',
    fetch,
    retryDelayMs: 1,
    ...options,
  });
}

const INPUT = { participantUniqueId1: 'order-42', recipient: RECIPIENT };

describe('createSession: the request', () => {
  it('POSTs a signed snake_case body to the sandbox URL with the Idempotency-Key', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    await client(fetch).createSession({
      ...INPUT,
      participantUniqueId2: 'DEF-5678',
      locale: 'en-US',
      hostUri: 'https://pay.example.com',
      idempotencyKey: '3f2a1b4c-9d8e-4f6a-9b4c-3d2e1f0a9b8c',
      recipient: { ...RECIPIENT, openBanking: { mobusCustomerId: '9999' } },
    });
    expect(fetch.calls).toHaveLength(1);
    const [call] = fetch.calls;
    if (!call) throw new Error('no call');
    expect(call.url).toBe(
      'https://iip-session-management-uat.ingo.money/api/v1/sessions/point-in-time/plugin',
    );
    expect(call.method).toBe('POST');
    expect(call.headers.get('idempotency-key')).toBe('3f2a1b4c-9d8e-4f6a-9b4c-3d2e1f0a9b8c');
    expect(call.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(call.body.toString('utf8'))).toEqual({
      participant_unique_id1: 'order-42',
      participant_unique_id2: 'DEF-5678',
      host_uri: 'https://pay.example.com',
      language_locale_code: 'en-US',
      recipient_information: {
        first_name: 'Jane',
        last_name: 'Doe',
        address_line1: '123 Main St',
        city: 'Anytown',
        state: 'GA',
        zip_code: '30301',
        email_address: 'jane.doe@example.com',
        open_banking: { mobus_customer_id: '9999' },
      },
    });
    expect(verifyRecorded(call, 'merchant', 'merchant-secret')).toBeUndefined();
  });

  it('hashes and sends the same bytes for non-ASCII recipients', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    const recipient = { ...RECIPIENT, firstName: 'Zoë', lastName: 'Nguyễn', city: 'São Paulo' };
    await client(fetch).createSession({ ...INPUT, recipient });
    const [call] = fetch.calls;
    if (!call) throw new Error('no call');
    const body = call.body.toString('utf8');
    expect(JSON.parse(body).recipient_information.first_name).toBe('Zoë');
    expect(call.headers.get('content-length')).toBe(String(call.body.length));
    expect(call.body.length).toBeGreaterThan(body.length);
    expect(call.headers.get('content-sha512')).toBe(
      createHash('sha512').update(call.body).digest('base64'),
    );
    expect(verifyRecorded(call, 'merchant', 'merchant-secret')).toBeUndefined();
  });

  it('generates a UUID v4 Idempotency-Key when none is given and returns it', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    const session = await client(fetch).createSession(INPUT);
    expect(session.idempotencyKey).toMatch(UUID_V4);
    expect(fetch.calls[0]?.headers.get('idempotency-key')).toBe(session.idempotencyKey);
  });

  it('signs the real path when sessionApiUrl has a path prefix', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    const c = client(fetch, { sessionApiUrl: 'http://127.0.0.1:4010/proxy/ingo/' });
    expect(c.sessionApiUrl).toBe('http://127.0.0.1:4010/proxy/ingo');
    await c.createSession(INPUT);
    const [call] = fetch.calls;
    if (!call) throw new Error('no call');
    expect(call.url).toBe('http://127.0.0.1:4010/proxy/ingo/api/v1/sessions/point-in-time/plugin');
    expect(verifyRecorded(call, 'merchant', 'merchant-secret')).toBeUndefined();
  });

  it('uses the production URL for environment "production"', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    await client(fetch, { environment: 'production' }).createSession(INPUT);
    expect(fetch.calls[0]?.url).toBe(
      'https://iip-session-management.ingo.money/api/v1/sessions/point-in-time/plugin',
    );
  });

  it('signs with the legacy algorithm when asked', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    await client(fetch, { algorithm: 'hmac-sha256' }).createSession(INPUT);
    const [call] = fetch.calls;
    if (!call) throw new Error('no call');
    expect(call.headers.get('authorization')).toContain('algorithm="hmac-sha256"');
    expect(verifyRecorded(call, 'merchant', 'merchant-secret')).toBeUndefined();
  });
});

describe('createSession: the answer', () => {
  it('maps status 100 to camelCase with idempotent: false', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk(100, 'order-42', 'DEF-5678') });
    const session = await client(fetch).createSession({ ...INPUT, idempotencyKey: 'key-00000001' });
    expect(session).toEqual({
      sessionId: '7830227a-ba47-4d28-9416-cad41a446db7',
      authorizedUrl: 'https://webplugin-uat.example.com/session/7830227a?t=1&h=x',
      expiresAt: '2030-12-10T20:14:19.763941Z',
      idempotent: false,
      participantUniqueId1: 'order-42',
      participantUniqueId2: 'DEF-5678',
      idempotencyKey: 'key-00000001',
    });
  });

  it('maps status 101 to idempotent: true', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk(101) });
    const session = await client(fetch).createSession(INPUT);
    expect(session.idempotent).toBe(true);
  });

  it('accepts the status as a string, as other Ingo APIs send it', async () => {
    const fetch = fakeFetch({ status: 200, body: { ...sessionOk(101), status: '101' } });
    expect((await client(fetch).createSession(INPUT)).idempotent).toBe(true);
  });

  it('throws IngoIdempotencyMismatchError for 13723, whatever the HTTP status, without retrying', async () => {
    for (const httpStatus of [200, 409, 400]) {
      const fetch = fakeFetch({
        status: httpStatus,
        body: { status: 13723, client_message: 'Idempotency key mismatch' },
      });
      const error = await client(fetch)
        .createSession({ ...INPUT, idempotencyKey: 'same-key-123' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngoIdempotencyMismatchError);
      expect((error as IngoIdempotencyMismatchError).idempotencyKey).toBe('same-key-123');
      expect(fetch.calls).toHaveLength(1);
    }
  });

  it('rejects a success answer without session data', async () => {
    const fetch = fakeFetch({ status: 200, body: { status: 100, data: {} } });
    await expect(client(fetch).createSession(INPUT)).rejects.toBeInstanceOf(IngoApiError);
  });

  it('rejects a 200 that is not JSON', async () => {
    const fetch = fakeFetch({ status: 200, body: '<html>proxy login</html>' });
    const error = await client(fetch)
      .createSession(INPUT)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngoApiError);
    expect((error as Error).message).toMatch(/not JSON/);
  });
});

describe('createSession: authentication failures', () => {
  it('hints at the secret and the environment for a signature mismatch', async () => {
    const fetch = fakeFetch({ status: 401, body: { message: 'HMAC signature does not match' } });
    const error = await client(fetch)
      .createSession(INPUT)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngoAuthenticationError);
    const auth = error as IngoAuthenticationError;
    expect(auth.likelyCause).toBe('credentials');
    expect(auth.hint).toMatch(/secret belongs to username "merchant"/);
    expect(auth.hint).toMatch(/sandbox credentials/);
    expect(auth.hint).toMatch(/production credentials are different/);
    expect(auth.ingoMessage).toBe('HMAC signature does not match');
    expect(auth.message).not.toContain('merchant-secret');
    expect(fetch.calls).toHaveLength(1);
  });

  it('measures clock skew from the Date header of the answer', async () => {
    const tenMinutesAgo = new Date(Date.now() - 600_000).toUTCString();
    const fetch = fakeFetch({
      status: 401,
      body: { message: 'Unauthorized' },
      headers: { date: tenMinutesAgo },
    });
    const error = (await client(fetch)
      .createSession(INPUT)
      .catch((e: unknown) => e)) as IngoAuthenticationError;
    expect(error).toBeInstanceOf(IngoAuthenticationError);
    expect(error.likelyCause).toBe('clock_skew');
    expect(error.hint).toMatch(/about 60\d s ahead of Ingo's/);
  });

  it('recognises a date complaint in the message', async () => {
    const fetch = fakeFetch({
      status: 401,
      body: {
        message:
          'HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication',
      },
    });
    const error = (await client(fetch)
      .createSession(INPUT)
      .catch((e: unknown) => e)) as IngoAuthenticationError;
    expect(error.likelyCause).toBe('clock_skew');
    expect(error.hint).toMatch(/Synchronise the server clock/);
  });

  it('treats 403 and body status 402 as authentication failures', async () => {
    const forbidden = fakeFetch({ status: 403, body: { message: 'Forbidden' } });
    await expect(client(forbidden).createSession(INPUT)).rejects.toBeInstanceOf(
      IngoAuthenticationError,
    );
    const stale = fakeFetch({ status: 200, body: { status: 402, client_message: 'Timestamp' } });
    const error = (await client(stale)
      .createSession(INPUT)
      .catch((e: unknown) => e)) as IngoAuthenticationError;
    expect(error).toBeInstanceOf(IngoAuthenticationError);
    expect(error.likelyCause).toBe('clock_skew');
  });
});

describe('createSession: retries', () => {
  it('retries after a timeout with the same key and the same bytes', async () => {
    const fetch = fakeFetch({ hang: true }, { status: 200, body: sessionOk() });
    const session = await client(fetch, { timeoutMs: 20 }).createSession(INPUT);
    expect(session.sessionId).toBe('7830227a-ba47-4d28-9416-cad41a446db7');
    expect(fetch.calls).toHaveLength(2);
    const [first, second] = fetch.calls;
    if (!first || !second) throw new Error('missing calls');
    expect(first.signal?.aborted).toBe(true);
    expect(second.headers.get('idempotency-key')).toBe(first.headers.get('idempotency-key'));
    expect(second.body.equals(first.body)).toBe(true);
    expect(verifyRecorded(second, 'merchant', 'merchant-secret')).toBeUndefined();
  });

  it('retries a 503 and then succeeds with 100', async () => {
    const fetch = fakeFetch({ status: 503, body: 'busy' }, { status: 200, body: sessionOk(100) });
    const session = await client(fetch).createSession({ ...INPUT, idempotencyKey: 'retry-key-1' });
    expect(session.idempotent).toBe(false);
    expect(fetch.calls.map((call) => call.headers.get('idempotency-key'))).toEqual([
      'retry-key-1',
      'retry-key-1',
    ]);
  });

  it('retries a network error', async () => {
    const fetch = fakeFetch({ networkError: true }, { status: 200, body: sessionOk() });
    await expect(client(fetch).createSession(INPUT)).resolves.toMatchObject({ idempotent: false });
    expect(fetch.calls).toHaveLength(2);
  });

  it('never retries a 4xx', async () => {
    const fetch = fakeFetch(
      { status: 400, body: { status: 400, client_message: 'Required parameter missing' } },
      { status: 200, body: sessionOk() },
    );
    const error = (await client(fetch)
      .createSession(INPUT)
      .catch((e: unknown) => e)) as IngoApiError;
    expect(error).toBeInstanceOf(IngoApiError);
    expect(error.httpStatus).toBe(400);
    expect(error.ingoStatus).toBe(400);
    expect(error.ingoMessage).toBe('Required parameter missing');
    expect(fetch.calls).toHaveLength(1);
  });

  it('gives up after maxRetries + 1 attempts', async () => {
    const fetch = fakeFetch({ status: 503, body: 'busy' });
    const error = (await client(fetch, { maxRetries: 3 })
      .createSession(INPUT)
      .catch((e: unknown) => e)) as IngoUnavailableError;
    expect(error).toBeInstanceOf(IngoUnavailableError);
    expect(error.reason).toBe('server_error');
    expect(error.httpStatus).toBe(503);
    expect(error.attempts).toBe(4);
    expect(fetch.calls).toHaveLength(4);
    expect(new Set(fetch.calls.map((call) => call.headers.get('idempotency-key'))).size).toBe(1);
  });

  it('makes exactly one attempt with maxRetries: 0 and reports a timeout as such', async () => {
    const fetch = fakeFetch({ hang: true });
    const error = (await client(fetch, { maxRetries: 0, timeoutMs: 10 })
      .createSession(INPUT)
      .catch((e: unknown) => e)) as IngoUnavailableError;
    expect(error).toBeInstanceOf(IngoUnavailableError);
    expect(error.reason).toBe('timeout');
    expect(fetch.calls).toHaveLength(1);
  });

  it('stops retrying when the caller aborts, with the caller’s reason', async () => {
    const fetch = fakeFetch({ status: 503 });
    const controller = new AbortController();
    const reason = new Error('client went away');
    // The caller gives up as soon as the first 503 arrives; a minute-long backoff would follow.
    const c = client(
      async (url, init) => {
        const response = await fetch(url, init);
        controller.abort(reason);
        return response;
      },
      { retryDelayMs: 60_000, maxRetries: 5 },
    );
    await expect(c.createSession(INPUT, { signal: controller.signal })).rejects.toBe(reason);
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('createSession: validation', () => {
  it('reports every bad field at once and sends nothing', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    const error = (await client(fetch)
      .createSession({
        participantUniqueId1: 'x'.repeat(101),
        participantUniqueId2: '',
        locale: 'en-XX' as never,
        hostUri: 'https://pay.example.com/checkout',
        idempotencyKey: 'has space',
        recipient: {
          firstName: '',
          lastName: 'Doe',
          state: 'Georgia',
          zipCode: '3030',
          emailAddress: 'jane.example.com',
          phoneNumber: '(404) 555-1234',
          nickname: 'JD',
        } as never,
      })
      .catch((e: unknown) => e)) as IngoValidationError;
    expect(error).toBeInstanceOf(IngoValidationError);
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(
      [
        'hostUri',
        'idempotencyKey',
        'locale',
        'participantUniqueId1',
        'participantUniqueId2',
        'recipient.emailAddress',
        'recipient.firstName',
        'recipient.nickname',
        'recipient.phoneNumber',
        'recipient.state',
        'recipient.zipCode',
      ].sort(),
    );
    expect(error.message).toMatch(/11 problems/);
    expect(fetch.calls).toHaveLength(0);
  });

  it('requires participantUniqueId1 and the recipient', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    const error = (await client(fetch)
      .createSession({} as never)
      .catch((e: unknown) => e)) as IngoValidationError;
    expect(error.issues).toEqual([
      { field: 'participantUniqueId1', message: 'is required' },
      { field: 'recipient', message: 'is required' },
    ]);
  });

  it('accepts every documented locale, including the long ones', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    for (const locale of ['hmn-Latn', 'zh-Hans', 'es-US'] as const) {
      await expect(client(fetch).createSession({ ...INPUT, locale })).resolves.toBeDefined();
    }
  });

  it('accepts ZIP+4, a business name and open banking', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    await client(fetch).createSession({
      ...INPUT,
      recipient: {
        ...RECIPIENT,
        zipCode: '30301-1234',
        businessName: 'Acme Limited',
        mobileNumber: '4045551234',
        openBanking: { mobusCustomerId: '9999' },
      },
    });
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('createIngoClient: options', () => {
  const base = { username: 'u', secret: 's', environment: 'sandbox' as const };
  const cases: [string, Partial<IngoClientOptions>, RegExp][] = [
    ['a missing secret', { secret: '' }, /secret is required/],
    ['a missing username', { username: ' ' }, /username is required/],
    ['an unknown environment', { environment: 'staging' as never }, /environment must be/],
    [
      'a relative sessionApiUrl',
      { sessionApiUrl: 'localhost:4010' },
      /must use http: or https:|not an absolute URL/,
    ],
    [
      'plain http in production',
      { environment: 'production', sessionApiUrl: 'http://ingo.test' },
      /must use https/,
    ],
    ['a negative maxRetries', { maxRetries: -1 }, /maxRetries must be an integer from 0 to 10/],
    ['too many retries', { maxRetries: 50 }, /maxRetries must be an integer from 0 to 10/],
    ['a zero timeout', { timeoutMs: 0 }, /timeoutMs/],
  ];
  for (const [name, override, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(() => createIngoClient({ ...base, ...override })).toThrow(IngoConfigError);
      expect(() => createIngoClient({ ...base, ...override })).toThrow(message);
    });
  }

  it('does not expose the secret on the client object', () => {
    const c = createIngoClient({ ...base, secret: 'very-secret-value' });
    expect(JSON.stringify(c)).not.toContain('very-secret-value');
    expect(Object.values(c)).not.toContain('very-secret-value');
  });
});
