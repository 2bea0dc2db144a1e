import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, SESSION_CREATE_PATH, startSandbox } from '../src/server.js';
import { createSession, manualClock, rawRequest, sessionBody, signedHeaders } from './helpers.js';

const clock = manualClock(Date.parse('2026-03-02T10:00:00Z'));
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: clock.now });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await rawRequest(sandbox.url, 'POST', '/__sandbox/reset', {});
});

const signed = { now: 0 };
beforeEach(() => {
  signed.now = clock.now();
});

describe('Session Create: signed requests', () => {
  it('creates a session and answers the documented shape', async () => {
    const res = await createSession(
      sandbox.url,
      sessionBody({ participant_unique_id2: 'DEF-5678' }),
      signed,
    );
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: 100,
      client_message: 'Success',
      data: { participant_unique_id1: 'order-1', participant_unique_id2: 'DEF-5678' },
    });
    expect(typeof body.time).toBe('number');
    const {
      session_identifier: id,
      authorized_url: url,
      authorized_url_expiration_utc: expiry,
    } = body.data;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(url).toMatch(new RegExp(`^${sandbox.url}/session/${id}\\?t=\\d{18}&h=[A-Za-z0-9%]+$`));
    // The tag's percent-escapes are lower case, like Ingo's example.
    expect(url).not.toMatch(/%[0-9A-F][A-F]|%[A-F][0-9]/);
    expect(expiry).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(Date.parse(expiry)).toBe(clock.now() + 30_000);
    const sessions = (await rawRequest(sandbox.url, 'GET', '/__sandbox/sessions', {})).json()
      .sessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      session_identifier: id,
      state: 'active',
      failed_attempts: 0,
    });
  });

  it('echoes an empty participant_unique_id2 when none was sent', async () => {
    const res = await createSession(sandbox.url, sessionBody(), signed);
    expect(res.json().data.participant_unique_id2).toBe('');
  });

  it('accepts the other documented header order and extra signed headers', async () => {
    const res = await createSession(sandbox.url, sessionBody(), {
      ...signed,
      idempotencyKey: 'key-with-signed-header',
      signedHeaders:
        'request-line x-date content-type content-length content-sha512 idempotency-key',
    });
    expect(res.json().status).toBe(100);
  });
});

describe('Session Create: every way a signature can be wrong answers 401 naming the check', () => {
  const cases: [string, Parameters<typeof createSession>[2], string][] = [
    ['no Authorization', { omit: ['authorization'] }, 'authorization'],
    ['Bearer scheme', { authorization: 'Bearer token' }, 'authorization'],
    ['hmac-sha256', { algorithm: 'hmac-sha256' }, 'algorithm'],
    ['unknown username', { username: 'intruder' }, 'username'],
    [
      'incomplete header list',
      { signedHeaders: 'request-line x-date content-type content-sha512' },
      'headers',
    ],
    ['no X-Date', { omit: ['x-date'] }, 'x-date'],
    ['X-Date not RFC 7231', { xDate: '2026-03-02T10:00:00Z' }, 'x-date'],
    ['X-Date 301 s in the future', { skewSeconds: 301 }, 'x-date'],
    ['X-Date 301 s in the past', { skewSeconds: -301 }, 'x-date'],
    ['text/plain', { contentType: 'text/plain' }, 'content-type'],
    ['digest of other bytes', { signBody: '{"other":true}' }, 'content-sha512'],
    ['digest in hex', { digest: 'ab'.repeat(64) }, 'content-sha512'],
    ['wrong secret', { secret: 'not-the-secret' }, 'signature'],
    ['signature over another path', { signPath: '/api/v1/other' }, 'signature'],
    [
      'Base64 of a hex signature',
      {
        signature: (real) =>
          Buffer.from(Buffer.from(real, 'base64').toString('hex')).toString('base64'),
      },
      'signature',
    ],
    ['truncated signature', { signature: (real) => real.slice(0, 40) }, 'signature'],
  ];
  for (const [name, options, check] of cases) {
    it(name, async () => {
      const res = await createSession(sandbox.url, sessionBody(), { ...signed, ...options });
      expect(res.status).toBe(401);
      const body = res.json();
      expect(body.status).toBe(401);
      expect(body.error.check).toBe(check);
      expect(body.client_message).toContain(body.error.message);
    });
  }

  it('a chunked body without Content-Length', async () => {
    const raw = JSON.stringify(sessionBody());
    const headers = signedHeaders(raw, { ...signed, omit: ['content-length'] });
    const res = await rawRequest(
      sandbox.url,
      'POST',
      SESSION_CREATE_PATH,
      { ...headers, 'transfer-encoding': 'chunked' },
      raw,
    );
    expect(res.status).toBe(401);
    expect(res.json().error.check).toBe('content-length');
  });

  it('creates no session for a rejected request', async () => {
    await createSession(sandbox.url, sessionBody(), { ...signed, secret: 'nope' });
    expect(
      (await rawRequest(sandbox.url, 'GET', '/__sandbox/sessions', {})).json().sessions,
    ).toEqual([]);
  });
});

describe('Session Create: clock skew follows the sandbox clock', () => {
  it('accepts 299 s either way and rejects once the clock moves past 300 s', async () => {
    expect(
      (await createSession(sandbox.url, sessionBody(), { ...signed, skewSeconds: 299 })).status,
    ).toBe(200);
    expect(
      (await createSession(sandbox.url, sessionBody(), { ...signed, skewSeconds: -299 })).status,
    ).toBe(200);
    const xDate = new Date(clock.now()).toUTCString();
    clock.advance(301);
    const late = await createSession(sandbox.url, sessionBody(), { xDate });
    expect(late.status).toBe(401);
    expect(late.json().error.message).toMatch(/301 s behind the sandbox clock/);
  });
});

describe('Session Create: body validation answers 400 listing the bad fields', () => {
  async function errorsFor(body: unknown, idempotencyKey?: string) {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await rawRequest(
      sandbox.url,
      'POST',
      SESSION_CREATE_PATH,
      signedHeaders(raw, {
        ...signed,
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      }),
      raw,
    );
    expect(res.status).toBe(400);
    expect(res.json().status).toBe(400);
    return res.json().errors as { field: string; message: string }[];
  }

  it('lists every problem at once', async () => {
    const errors = await errorsFor({
      participant_unique_id1: 'x'.repeat(101),
      participant_unique_id2: 5,
      language_locale_code: 'en-XX',
      host_uri: 'https://evil.example.com',
      surprise: true,
      recipient_information: { first_name: '', state: 'Georgia', zip_code: '3030', nickname: 'J' },
    });
    const fields = errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'participant_unique_id1',
        'participant_unique_id2',
        'language_locale_code',
        'host_uri',
        'surprise',
        'recipient_information.first_name',
        'recipient_information.last_name',
        'recipient_information.state',
        'recipient_information.zip_code',
        'recipient_information.nickname',
      ]),
    );
    expect(errors.find((e) => e.field === 'participant_unique_id1')?.message).toMatch(
      /at most 100/,
    );
    expect(errors.find((e) => e.field === 'host_uri')?.message).toMatch(/not an allowed origin/);
  });

  it('requires participant_unique_id1 and recipient_information', async () => {
    const fields = (await errorsFor({})).map((e) => e.field);
    expect(fields).toEqual(['participant_unique_id1', 'recipient_information']);
  });

  it('rejects invalid JSON, a non-object body and an over-long Idempotency-Key', async () => {
    expect((await errorsFor('{"participant_unique_id1":'))[0]?.message).toMatch(/not valid JSON/);
    expect((await errorsFor([1, 2]))[0]?.message).toMatch(/JSON object/);
    expect((await errorsFor(sessionBody(), 'k'.repeat(251)))[0]?.field).toBe('Idempotency-Key');
  });

  it('accepts every documented locale and an allowed host_uri', async () => {
    for (const locale of ['en-US', 'es-US', 'hmn-Latn', 'zh-Hans']) {
      const res = await createSession(
        sandbox.url,
        sessionBody({ language_locale_code: locale, host_uri: 'http://localhost:5173' }),
        signed,
      );
      expect(res.json().status).toBe(100);
    }
  });
});

describe('Session Create: idempotency', () => {
  it('replays the same session with a fresh URL (101)', async () => {
    const first = (
      await createSession(sandbox.url, sessionBody(), { ...signed, idempotencyKey: 'k-1' })
    ).json();
    clock.advance(10);
    const again = (
      await createSession(sandbox.url, sessionBody(), {
        ...signed,
        now: clock.now(),
        idempotencyKey: 'k-1',
      })
    ).json();
    expect(again.status).toBe(101);
    expect(again.client_message).toBe('Success - Idempotent');
    expect(again.data.session_identifier).toBe(first.data.session_identifier);
    expect(again.data.authorized_url).not.toBe(first.data.authorized_url);
    expect(Date.parse(again.data.authorized_url_expiration_utc)).toBe(clock.now() + 30_000);
    const sessions = (await rawRequest(sandbox.url, 'GET', '/__sandbox/sessions', {})).json()
      .sessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0].urls_issued).toBe(2);
  });

  it('treats the same parameters in another key order as the same request', async () => {
    await createSession(sandbox.url, sessionBody(), { ...signed, idempotencyKey: 'k-order' });
    const reordered = {
      recipient_information: { ...(sessionBody().recipient_information as object) },
      participant_unique_id1: 'order-1',
    };
    expect(
      (await createSession(sandbox.url, reordered, { ...signed, idempotencyKey: 'k-order' })).json()
        .status,
    ).toBe(101);
  });

  it('answers 13723 when the key comes back with different parameters', async () => {
    const first = (
      await createSession(sandbox.url, sessionBody(), { ...signed, idempotencyKey: 'k-2' })
    ).json();
    const res = await createSession(
      sandbox.url,
      sessionBody({ participant_unique_id1: 'order-2' }),
      {
        ...signed,
        idempotencyKey: 'k-2',
      },
    );
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({
      status: 13723,
      client_message: 'Idempotency key mismatch',
      data: { session_identifier: first.data.session_identifier },
    });
  });

  it('creates a new session once the 2-hour window has passed', async () => {
    const first = (
      await createSession(sandbox.url, sessionBody(), { ...signed, idempotencyKey: 'k-3' })
    ).json();
    clock.advance(2 * 60 * 60 - 1);
    const inside = (
      await createSession(sandbox.url, sessionBody(), { now: clock.now(), idempotencyKey: 'k-3' })
    ).json();
    expect(inside.status).toBe(101);
    clock.advance(1);
    const after = (
      await createSession(sandbox.url, sessionBody(), { now: clock.now(), idempotencyKey: 'k-3' })
    ).json();
    expect(after.status).toBe(100);
    expect(after.data.session_identifier).not.toBe(first.data.session_identifier);
  });

  it('without a key, every request is a new session', async () => {
    const a = (await createSession(sandbox.url, sessionBody(), signed)).json();
    const b = (await createSession(sandbox.url, sessionBody(), signed)).json();
    expect(a.data.session_identifier).not.toBe(b.data.session_identifier);
  });
});

describe('limits', () => {
  it('answers 413 for a body over 100 kB', async () => {
    const big = JSON.stringify(sessionBody({ participant_unique_id2: 'x'.repeat(120_000) }));
    const res = await rawRequest(
      sandbox.url,
      'POST',
      SESSION_CREATE_PATH,
      signedHeaders(big, signed),
      big,
    );
    expect(res.status).toBe(413);
    expect(res.json().client_message).toMatch(/larger than 100000 bytes/);
  });
});

describe('routing', () => {
  it('answers 405 for GET on the Session API and 404 elsewhere, as JSON', async () => {
    const get = await rawRequest(sandbox.url, 'GET', SESSION_CREATE_PATH, {});
    expect(get.status).toBe(405);
    expect(get.json().client_message).toMatch(/use POST/);
    expect((await rawRequest(sandbox.url, 'GET', '/nope', {})).status).toBe(404);
  });
});
