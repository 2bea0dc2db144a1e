import { describe, expect, it, vi } from 'vitest';
import {
  createIngoClient,
  createParticipantIdReader,
  createSessionHandler,
  IngoConfigError,
  ingoPreloadLinks,
  MAX_SEALED_SUBJECT_BYTES,
  type ResolvedSession,
  type ResolveSession,
  SessionEndpointError,
  type SessionHandler,
  type SessionHandlerOptions,
} from '../src/index.js';
import { fakeFetch, RECIPIENT, type Step, sessionOk, verifyRecorded } from './helpers.js';

const SECRET = 'merchant-secret-do-not-leak';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The sealed participant_unique_id1: `u1.` + base64url of 72 bytes, 99 characters in all. */
const SEALED_ID = /^u1\.[A-Za-z0-9_-]{96}$/;
const BROWSER_KEY = '6f1c2b9e-8a51-4c57-9d0e-2f1a3b4c5d6e';

/** Users of the pretend app, keyed by the `cookie: user=<id>` header. */
const USERS = {
  alice: { subject: 'user-alice', recipient: RECIPIENT },
  bob: { subject: 'user-bob', recipient: { ...RECIPIENT, firstName: 'Bob', lastName: 'Roe' } },
} satisfies Record<string, ResolvedSession>;

const byCookie: ResolveSession = (request) => {
  const user = /user=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return user === 'alice' || user === 'bob' ? USERS[user] : null;
};

function setup(
  steps: Step[] = [{ status: 200, body: sessionOk() }],
  options: Partial<SessionHandlerOptions> = {},
) {
  const fetch = fakeFetch(...steps);
  const client = createIngoClient({
    username: 'merchant',
    secret: SECRET,
    environment: 'sandbox',
    fetch,
    retryDelayMs: 1,
    maxRetries: 1,
  });
  const onError = vi.fn();
  const handler = createSessionHandler({
    client,
    resolveSession: byCookie,
    sdkUrl: 'https://cdn.example.com/ingo-sdk.js',
    onError,
    ...options,
  });
  return { handler, fetch, onError };
}

function post(body: unknown, init: { user?: string; headers?: Record<string, string> } = {}) {
  return new Request('https://app.example.com/api/ingo/session', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.user ? { cookie: `user=${init.user}` } : {}),
      ...init.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const GOOD = { idempotencyKey: BROWSER_KEY, destination: 'debit' };

async function json(response: Response) {
  return (await response.json()) as Record<string, unknown>;
}

describe('createSessionHandler: the contract', () => {
  it('answers { authorizedUrl, expiresAt, sessionId, sdkUrl } for a signed-in user', async () => {
    const { handler, fetch } = setup();
    const response = await handler(post(GOOD, { user: 'alice' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await json(response)).toEqual({
      authorizedUrl: 'https://webplugin-uat.example.com/session/7830227a?t=1&h=x',
      expiresAt: '2030-12-10T20:14:19.763941Z',
      sessionId: '7830227a-ba47-4d28-9416-cad41a446db7',
      sdkUrl: 'https://cdn.example.com/ingo-sdk.js',
    });
    const [call] = fetch.calls;
    if (!call) throw new Error('Ingo was not called');
    expect(verifyRecorded(call, 'merchant', SECRET)).toBeUndefined();
    const sent = JSON.parse(call.body.toString('utf8'));
    expect(sent.recipient_information.first_name).toBe('Jane');
    expect(sent.participant_unique_id1).toMatch(SEALED_ID);
  });

  it('omits sdkUrl when none is configured', async () => {
    const { handler } = setup(undefined, { sdkUrl: undefined });
    expect(await json(await handler(post(GOOD, { user: 'alice' })))).not.toHaveProperty('sdkUrl');
  });

  it('passes the destination to resolveSession with the original request', async () => {
    const resolveSession = vi.fn<ResolveSession>(() => USERS.alice);
    const { handler } = setup(undefined, { resolveSession });
    await handler(post({ ...GOOD, destination: 'ach' }, { user: 'alice' }));
    expect(resolveSession).toHaveBeenCalledTimes(1);
    const [request, context] = resolveSession.mock.calls[0] ?? [];
    expect(context).toEqual({ destination: 'ach', locals: undefined });
    expect(request?.headers.get('cookie')).toBe('user=alice');
  });

  it("hands the handler's second argument to resolveSession as locals (a framework's user)", async () => {
    const resolveSession = vi.fn<ResolveSession<{ user: string }>>((_request, { locals }) =>
      locals?.user === 'alice' ? USERS.alice : null,
    );
    const { handler } = setup(undefined, { resolveSession: resolveSession as ResolveSession });
    expect((await handler(post(GOOD), { user: 'alice' })).status).toBe(200);
    expect((await handler(post(GOOD), { user: 'mallory' })).status).toBe(401);
    expect(resolveSession.mock.calls[0]?.[1]).toEqual({
      destination: 'debit',
      locals: { user: 'alice' },
    });
  });

  it('uses participant ids, locale and hostUri from resolveSession', async () => {
    const { handler, fetch } = setup(undefined, {
      resolveSession: () => ({
        ...USERS.alice,
        subject: 'user-alice',
        participantUniqueId1: 'order-42',
        participantUniqueId2: 'DEF-5678',
        locale: 'es-US',
        hostUri: 'https://app.example.com',
      }),
    });
    expect((await handler(post(GOOD))).status).toBe(200);
    const sent = JSON.parse(fetch.calls[0]?.body.toString('utf8') ?? '{}');
    expect(sent).toMatchObject({
      participant_unique_id1: 'order-42',
      participant_unique_id2: 'DEF-5678',
      language_locale_code: 'es-US',
      host_uri: 'https://app.example.com',
    });
  });
});

describe('createSessionHandler: idempotency keys are bound to the user', () => {
  it('sends Ingo the same key and the same bytes when the same user retries a browser key', async () => {
    const { handler, fetch } = setup([
      { status: 200, body: sessionOk(100) },
      { status: 200, body: sessionOk(101) },
    ]);
    expect((await handler(post(GOOD, { user: 'alice' }))).status).toBe(200);
    expect(
      (await handler(post({ ...GOOD, destination: 'credit' }, { user: 'alice' }))).status,
    ).toBe(200);
    const [first, second] = fetch.calls;
    if (!first || !second) throw new Error('expected two calls');
    const key = first.headers.get('idempotency-key');
    expect(key).toMatch(UUID_V4);
    expect(key).not.toBe(BROWSER_KEY);
    expect(second.headers.get('idempotency-key')).toBe(key);
    // Same parameters too, or Ingo would answer 13723.
    expect(second.body.equals(first.body)).toBe(true);
  });

  it("never lets another user's request reach the first user's Ingo key", async () => {
    const { handler, fetch } = setup();
    await handler(post(GOOD, { user: 'alice' }));
    await handler(post(GOOD, { user: 'bob' }));
    const [alice, bob] = fetch.calls;
    if (!alice || !bob) throw new Error('expected two calls');
    expect(bob.headers.get('idempotency-key')).not.toBe(alice.headers.get('idempotency-key'));
    const aliceBody = JSON.parse(alice.body.toString('utf8'));
    const bobBody = JSON.parse(bob.body.toString('utf8'));
    expect(bobBody.participant_unique_id1).not.toBe(aliceBody.participant_unique_id1);
    expect(bobBody.recipient_information.first_name).toBe('Bob');
  });

  it('derives different keys under a different idempotencySecret', async () => {
    const a = setup();
    const b = setup(undefined, { idempotencySecret: 'another-server-secret' });
    await a.handler(post(GOOD, { user: 'alice' }));
    await b.handler(post(GOOD, { user: 'alice' }));
    expect(b.fetch.calls[0]?.headers.get('idempotency-key')).not.toBe(
      a.fetch.calls[0]?.headers.get('idempotency-key'),
    );
  });
});

describe('createSessionHandler: participant_unique_id1 carries the sealed subject', () => {
  const OTHER_KEY = '0b8e5d4c-3a21-4f9e-8d7c-6b5a4f3e2d1c';

  async function pid1Of(
    handler: ReturnType<typeof setup>['handler'],
    fetch: ReturnType<typeof setup>['fetch'],
    user: string,
    key = BROWSER_KEY,
  ): Promise<string> {
    const before = fetch.calls.length;
    expect((await handler(post({ ...GOOD, idempotencyKey: key }, { user }))).status).toBe(200);
    const call = fetch.calls[before];
    if (!call) throw new Error('Ingo was not called');
    return JSON.parse(call.body.toString('utf8')).participant_unique_id1 as string;
  }

  it('is 99 characters that neither show nor encode the subject', async () => {
    const { handler, fetch } = setup();
    const pid1 = await pid1Of(handler, fetch, 'alice');
    expect(pid1).toMatch(SEALED_ID);
    expect(pid1).toHaveLength(99);
    expect(pid1).not.toContain('alice');
    const decoded = Buffer.from(pid1.slice(3), 'base64url').toString('latin1');
    expect(decoded).not.toContain('user-alice');
  });

  it('maps back to the subject through handler.subjectOf, for each user', async () => {
    const { handler, fetch } = setup();
    const alice = await pid1Of(handler, fetch, 'alice');
    const bob = await pid1Of(handler, fetch, 'bob');
    expect(await handler.subjectOf(alice)).toBe('user-alice');
    expect(await handler.subjectOf(bob)).toBe('user-bob');
  });

  it('is deterministic per (user, browser key) and unlinkable across keys', async () => {
    const { handler, fetch } = setup();
    const first = await pid1Of(handler, fetch, 'alice');
    const again = await pid1Of(handler, fetch, 'alice');
    const otherKey = await pid1Of(handler, fetch, 'alice', OTHER_KEY);
    expect(again).toBe(first);
    expect(otherKey).not.toBe(first);
    // Not even a shared prefix: the iv differs, so does every byte after it.
    expect(otherKey.slice(0, 12)).not.toBe(first.slice(0, 12));
    expect(await handler.subjectOf(otherKey)).toBe('user-alice');
  });

  it('maps a tampered, foreign or made-up id to nobody', async () => {
    const { handler, fetch } = setup();
    const pid1 = await pid1Of(handler, fetch, 'alice');
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    // In the iv, in the ciphertext and in the tag.
    for (const at of [5, 40, 97]) expect(await handler.subjectOf(flip(pid1, at))).toBeUndefined();
    expect(await handler.subjectOf(`u2${pid1.slice(2)}`)).toBeUndefined();
    expect(await handler.subjectOf(pid1.slice(0, 98))).toBeUndefined();
    expect(await handler.subjectOf('order-42')).toBeUndefined();
    expect(await handler.subjectOf('')).toBeUndefined();
    expect(await handler.subjectOf(`u1.${'A'.repeat(96)}`)).toBeUndefined();
    // Another merchant (another secret) cannot read it, nor make ids that map to our users.
    const other = setup(undefined, { idempotencySecret: 'another-server-secret' });
    expect(await other.handler.subjectOf(pid1)).toBeUndefined();
    const theirs = await pid1Of(other.handler, other.fetch, 'alice');
    expect(await handler.subjectOf(theirs)).toBeUndefined();
  });

  it(`seals subjects up to ${MAX_SEALED_SUBJECT_BYTES} UTF-8 bytes, whatever the characters`, async () => {
    const subject = `${'é'.repeat(21)}x`; // 43 bytes
    const { handler, fetch, onError } = setup(undefined, {
      resolveSession: () => ({ subject, recipient: RECIPIENT }),
    });
    const pid1 = await pid1Of(handler, fetch, 'anyone');
    expect(pid1).toMatch(SEALED_ID);
    expect(await handler.subjectOf(pid1)).toBe(subject);
    expect(onError).not.toHaveBeenCalled();
  });

  it('falls back to a one-way UUID for a longer subject, and says so once', async () => {
    const subject = 'jane.doe+payouts@a-rather-long-domain.example'; // 45 bytes
    const { handler, fetch, onError } = setup(undefined, {
      resolveSession: () => ({ subject, recipient: RECIPIENT }),
    });
    const pid1 = await pid1Of(handler, fetch, 'anyone');
    expect(pid1).toMatch(UUID_V4);
    expect(await pid1Of(handler, fetch, 'anyone')).toBe(pid1);
    expect(await handler.subjectOf(pid1)).toBeUndefined();
    expect(onError).toHaveBeenCalledTimes(1);
    const [error] = onError.mock.calls[0] ?? [];
    expect(error).toBeInstanceOf(IngoConfigError);
    expect(String(error.message)).toMatch(/45 UTF-8 bytes.*longer than the 43/);
  });

  it('leaves a participantUniqueId1 from resolveSession alone', async () => {
    const { handler, fetch } = setup(undefined, {
      resolveSession: () => ({ ...USERS.alice, participantUniqueId1: 'order-42' }),
    });
    expect(await pid1Of(handler, fetch, 'alice')).toBe('order-42');
    expect(await handler.subjectOf('order-42')).toBeUndefined();
  });

  it('is readable elsewhere with createParticipantIdReader and the same secret', async () => {
    const { handler, fetch } = setup();
    const pid1 = await pid1Of(handler, fetch, 'alice');
    const client = createIngoClient({
      username: 'merchant',
      secret: SECRET,
      environment: 'sandbox',
    });
    expect(await createParticipantIdReader({ client }).subjectOf(pid1)).toBe('user-alice');

    const custom = setup(undefined, { idempotencySecret: 'rotated-secret-1' });
    const customPid1 = await pid1Of(custom.handler, custom.fetch, 'bob');
    expect(
      await createParticipantIdReader({ secret: 'rotated-secret-1' }).subjectOf(customPid1),
    ).toBe('user-bob');
    // After a rotation, ids sealed under the previous secret still map.
    const rotated = createParticipantIdReader({
      secret: 'rotated-secret-2',
      previousSecrets: ['rotated-secret-1'],
    });
    expect(await rotated.subjectOf(customPid1)).toBe('user-bob');
    expect(
      await createParticipantIdReader({ secret: 'rotated-secret-2' }).subjectOf(customPid1),
    ).toBeUndefined();
    expect(() => createParticipantIdReader({})).toThrow(IngoConfigError);
    expect(() => createParticipantIdReader({ client: {} })).toThrow(/createIngoClient/);
  });
});

describe('createSessionHandler: refusing bad requests', () => {
  it('refuses recipient details from the browser with 400 unexpected_field', async () => {
    const resolveSession = vi.fn<ResolveSession>(() => USERS.alice);
    const { handler, fetch } = setup(undefined, { resolveSession });
    const response = await handler(
      post({ ...GOOD, recipient: { firstName: 'Mallory' } }, { user: 'alice' }),
    );
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body).toEqual({
      error: { code: 'unexpected_field', message: expect.stringContaining('"recipient"') },
    });
    expect(resolveSession).not.toHaveBeenCalled();
    expect(fetch.calls).toHaveLength(0);
  });

  const cases: [string, Request, number, string][] = [
    ['GET', new Request('https://app.example.com/s'), 405, 'method_not_allowed'],
    [
      'PUT',
      new Request('https://app.example.com/s', { method: 'PUT', body: '{}' }),
      405,
      'method_not_allowed',
    ],
    [
      'text/plain',
      post(GOOD, { headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    ],
    [
      'a form post',
      post('idempotencyKey=x', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported_media_type',
    ],
    [
      'a non-UTF-8 charset',
      post(GOOD, { headers: { 'content-type': 'application/json; charset=iso-8859-1' } }),
      415,
      'unsupported_media_type',
    ],
    ['malformed JSON', post('{"idempotencyKey": '), 400, 'malformed_json'],
    ['an empty body', post(''), 400, 'malformed_json'],
    ['a JSON array', post([GOOD]), 400, 'invalid_request'],
    ['a JSON string', post('"debit"'), 400, 'invalid_request'],
    ['a missing key', post({ destination: 'debit' }), 400, 'invalid_idempotency_key'],
    ['a short key', post({ ...GOOD, idempotencyKey: 'abc' }), 400, 'invalid_idempotency_key'],
    [
      'a key with spaces',
      post({ ...GOOD, idempotencyKey: 'a b c d e f g h' }),
      400,
      'invalid_idempotency_key',
    ],
    [
      'an unknown destination',
      post({ ...GOOD, destination: 'crypto' }),
      400,
      'invalid_destination',
    ],
    [
      'an upper-case destination',
      post({ ...GOOD, destination: 'DEBIT' }),
      400,
      'invalid_destination',
    ],
    [
      'a __proto__ field',
      post('{"idempotencyKey":"12345678","destination":"debit","__proto__":{}}'),
      400,
      'unexpected_field',
    ],
  ];
  for (const [name, request, status, code] of cases) {
    it(`answers ${name} with ${status} ${code}`, async () => {
      const { handler, fetch } = setup();
      const response = await handler(request.clone());
      expect(response.status).toBe(status);
      const body = await json(response);
      expect((body.error as { code: string }).code).toBe(code);
      expect(typeof (body.error as { message: string }).message).toBe('string');
      expect(fetch.calls).toHaveLength(0);
      if (status === 405) expect(response.headers.get('allow')).toBe('POST');
    });
  }

  it('accepts application/json with a UTF-8 charset', async () => {
    const { handler } = setup();
    const response = await handler(
      post(GOOD, { user: 'alice', headers: { 'content-type': 'Application/JSON; charset=UTF-8' } }),
    );
    expect(response.status).toBe(200);
  });

  it('answers 413 when Content-Length announces too much, without reading', async () => {
    const { handler, fetch } = setup(undefined, { maxBodyBytes: 100 });
    // The body itself is small: only the announced length can trigger the 413.
    const request = post(GOOD, { user: 'alice', headers: { 'content-length': '5000' } });
    expect(request.headers.get('content-length')).toBe('5000');
    const response = await handler(request);
    expect(response.status).toBe(413);
    expect(fetch.calls).toHaveLength(0);
    expect((await json(response)).error).toMatchObject({ code: 'payload_too_large' });
  });

  it('answers 413 for a streamed body that grows past the limit', async () => {
    const { handler } = setup(undefined, { maxBodyBytes: 100 });
    const chunk = new TextEncoder().encode(`{"idempotencyKey":"${'x'.repeat(60)}`);
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls > 1000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await handler(
      new Request('https://app.example.com/s', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    // It stopped reading early instead of buffering the whole upload.
    expect(pulls).toBeLessThan(10);
  });
});

describe('createSessionHandler: who is asking', () => {
  it('answers 401 when resolveSession finds nobody', async () => {
    const { handler, fetch } = setup();
    const response = await handler(post(GOOD));
    expect(response.status).toBe(401);
    expect((await json(response)).error).toMatchObject({ code: 'unauthenticated' });
    expect(fetch.calls).toHaveLength(0);
  });

  it('answers with the status of a SessionEndpointError thrown by resolveSession', async () => {
    const { handler, onError } = setup(undefined, {
      resolveSession: () => {
        throw new SessionEndpointError(403, 'destination_not_allowed', 'PayPal is not offered.');
      },
    });
    const response = await handler(post(GOOD));
    expect(response.status).toBe(403);
    expect(await json(response)).toEqual({
      error: { code: 'destination_not_allowed', message: 'PayPal is not offered.' },
    });
    expect(onError).not.toHaveBeenCalled();
  });

  it('hides an unexpected resolveSession failure behind a 500 and reports it', async () => {
    const failure = new Error('database password wrong: hunter2');
    const { handler, onError } = setup(undefined, {
      resolveSession: async () => {
        throw failure;
      },
    });
    const response = await handler(post(GOOD));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text).error.code).toBe('internal_error');
    expect(onError).toHaveBeenCalledWith(failure, expect.any(Request));
  });

  it('answers 500 when resolveSession returns something without a subject', async () => {
    const { handler, onError } = setup(undefined, {
      resolveSession: () => ({ recipient: RECIPIENT }) as never,
    });
    const response = await handler(post(GOOD));
    expect(response.status).toBe(500);
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(IngoConfigError);
  });
});

describe('createSessionHandler: Ingo failures reach the browser as safe answers', () => {
  const INGO_RAW = 'internal detail from Ingo: node 7 db timeout';

  it('maps 13723 to 409 idempotency_conflict', async () => {
    const { handler } = setup([{ status: 200, body: { status: 13723, client_message: INGO_RAW } }]);
    const response = await handler(post(GOOD, { user: 'alice' }));
    expect(response.status).toBe(409);
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('idempotency_conflict');
    expect(text).not.toContain(INGO_RAW);
  });

  it('maps Ingo being down to 503 ingo_unavailable after retrying', async () => {
    const { handler, fetch, onError } = setup([{ status: 503, body: INGO_RAW }]);
    const response = await handler(post(GOOD, { user: 'alice' }));
    expect(response.status).toBe(503);
    expect((await json(response)).error).toMatchObject({ code: 'ingo_unavailable' });
    expect(fetch.calls).toHaveLength(2);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('maps an authentication failure to 502 without the hint, the secret or Ingo’s words', async () => {
    const { handler, onError } = setup([{ status: 401, body: { message: INGO_RAW } }]);
    const response = await handler(post(GOOD, { user: 'alice' }));
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('ingo_error');
    for (const secretish of [SECRET, INGO_RAW, 'merchant', 'sandbox']) {
      expect(text).not.toContain(secretish);
    }
    // The details go to the server's log instead.
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'authentication_failed' });
  });

  it('maps a 400 from Ingo to 502 ingo_error', async () => {
    const { handler } = setup([{ status: 400, body: { status: 400, client_message: INGO_RAW } }]);
    const response = await handler(post(GOOD, { user: 'alice' }));
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain(INGO_RAW);
  });

  it('maps an invalid recipient from the server’s records to 422 naming only the fields', async () => {
    const { handler, fetch } = setup(undefined, {
      resolveSession: () => ({
        subject: 'user-carol',
        recipient: { ...RECIPIENT, zipCode: '9021', emailAddress: 'carol-at-example' },
      }),
    });
    const response = await handler(post(GOOD));
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.error).toMatchObject({ code: 'invalid_recipient' });
    const message = (body.error as { message: string }).message;
    expect(message).toContain('recipient.zipCode');
    expect(message).toContain('recipient.emailAddress');
    expect(message).not.toContain('9021');
    expect(message).not.toContain('carol-at-example');
    expect(fetch.calls).toHaveLength(0);
  });

  it('still answers when onError itself throws', async () => {
    const { handler } = setup([{ status: 503 }], {
      onError: () => {
        throw new Error('logger down');
      },
    });
    expect((await handler(post(GOOD, { user: 'alice' }))).status).toBe(503);
  });
});

describe('createSessionHandler: options', () => {
  const client = createIngoClient({ username: 'u', secret: 's', environment: 'sandbox' });

  it('requires resolveSession', () => {
    expect(() => createSessionHandler({ client } as never)).toThrow(
      /resolveSession\(request\) is required/,
    );
  });

  it('requires idempotencySecret for a client it cannot read a secret from', () => {
    const custom = {
      environment: 'sandbox' as const,
      sessionApiUrl: 'x',
      createSession: client.createSession,
    };
    expect(() => createSessionHandler({ client: custom, resolveSession: byCookie })).toThrow(
      /pass idempotencySecret/,
    );
    expect(() =>
      createSessionHandler({ client: custom, resolveSession: byCookie, idempotencySecret: 'k' }),
    ).not.toThrow();
  });

  it('accepts a client made by another copy of this package (bundlers load it per route)', async () => {
    vi.resetModules();
    // A query makes a second module instance, as a second bundle would.
    const specifier = '../src/index.js?copy';
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import('../src/index.js');
    expect(copy.createIngoClient).not.toBe(createIngoClient);
    const foreign = copy.createIngoClient({
      username: 'merchant',
      secret: SECRET,
      environment: 'sandbox',
    });
    expect(() => createSessionHandler({ client: foreign, resolveSession: byCookie })).not.toThrow();
  });

  it('rejects a relative sdkUrl that is not a path', () => {
    expect(() =>
      createSessionHandler({ client, resolveSession: byCookie, sdkUrl: 'sdk.js' }),
    ).toThrow(IngoConfigError);
    expect(() =>
      createSessionHandler({ client, resolveSession: byCookie, sdkUrl: '/sdk.js' }),
    ).not.toThrow();
  });

  it('rejects a SessionEndpointError with a success status', () => {
    expect(() => new SessionEndpointError(200, 'ok', 'fine')).toThrow(IngoConfigError);
  });
});

describe('handler.initialSession: a session created while the page renders', () => {
  /** The page's own GET request, with the visitor's cookie. */
  const page = (user?: string) =>
    new Request('https://app.example.com/payout', {
      headers: user ? { cookie: `user=${user}` } : {},
    });

  it('creates a session for the signed-in user and returns it with a new browser key', async () => {
    const { handler, fetch } = setup();
    const session = await handler.initialSession(page('alice'), { destination: 'debit' });
    expect(session).toEqual({
      authorizedUrl: 'https://webplugin-uat.example.com/session/7830227a?t=1&h=x',
      expiresAt: '2030-12-10T20:14:19.763941Z',
      sessionId: '7830227a-ba47-4d28-9416-cad41a446db7',
      sdkUrl: 'https://cdn.example.com/ingo-sdk.js',
      idempotencyKey: expect.stringMatching(UUID_V4),
    });
    expect(fetch.calls).toHaveLength(1);
    const call = fetch.calls[0];
    if (!call) throw new Error('no call');
    expect(verifyRecorded(call, 'merchant', SECRET)).toBeUndefined();
    // The browser key never reaches Ingo: Ingo gets the key derived from (user, browser key).
    expect(call.headers.get('idempotency-key')).toMatch(UUID_V4);
    expect(call.headers.get('idempotency-key')).not.toBe(session?.idempotencyKey);
    expect(JSON.parse(call.body.toString('utf8')).participant_unique_id1).toMatch(SEALED_ID);
  });

  it('gives a fresh browser key each render', async () => {
    const { handler } = setup();
    const a = await handler.initialSession(page('alice'), { destination: 'debit' });
    const b = await handler.initialSession(page('alice'), { destination: 'debit' });
    expect(a?.idempotencyKey).not.toBe(b?.idempotencyKey);
  });

  it('binds its key to the user: the same user re-authorizes it through the endpoint, nobody else', async () => {
    const { handler, fetch } = setup([
      { status: 200, body: sessionOk(100) },
      { status: 200, body: sessionOk(101) },
      { status: 200, body: sessionOk(100) },
    ]);
    const rendered = await handler.initialSession(page('alice'), { destination: 'debit' });
    const key = rendered?.idempotencyKey as string;
    // The form's fallback when the URL is too old: the endpoint, with the same key.
    const again = await handler(
      post({ idempotencyKey: key, destination: 'debit' }, { user: 'alice' }),
    );
    expect(again.status).toBe(200);
    // Bob replaying Alice's key from her page.
    await handler(post({ idempotencyKey: key, destination: 'debit' }, { user: 'bob' }));
    const [render, retry, replay] = fetch.calls;
    if (!render || !retry || !replay) throw new Error('expected three calls');
    expect(retry.headers.get('idempotency-key')).toBe(render.headers.get('idempotency-key'));
    // Same bytes, or Ingo would answer 13723 instead of re-authorizing (101).
    expect(retry.body.equals(render.body)).toBe(true);
    expect(replay.headers.get('idempotency-key')).not.toBe(render.headers.get('idempotency-key'));
    const renderBody = JSON.parse(render.body.toString('utf8'));
    const replayBody = JSON.parse(replay.body.toString('utf8'));
    expect(replayBody.participant_unique_id1).not.toBe(renderBody.participant_unique_id1);
    expect(await handler.subjectOf(renderBody.participant_unique_id1)).toBe('user-alice');
  });

  it('passes the destination, the page request and locals to resolveSession', async () => {
    const resolveSession = vi.fn<ResolveSession<{ user: string }>>((_request, { locals }) =>
      locals ? USERS.alice : null,
    );
    const { handler } = setup(undefined, { resolveSession } as Partial<SessionHandlerOptions>);
    const request = page();
    const typed = handler as unknown as SessionHandler<{ user: string }>;
    await typed.initialSession(request, { destination: 'ach', locals: { user: 'alice' } });
    expect(resolveSession).toHaveBeenCalledWith(request, {
      destination: 'ach',
      locals: { user: 'alice' },
    });
  });

  it('resolves null, creating nothing, when nobody is signed in or resolveSession refuses', async () => {
    const { handler, fetch, onError } = setup(undefined, {
      resolveSession: (request) => {
        if (request.headers.get('cookie')) {
          throw new SessionEndpointError(403, 'destination_not_allowed', 'Not for you.');
        }
        return null;
      },
    });
    expect(await handler.initialSession(page(), { destination: 'debit' })).toBeNull();
    expect(await handler.initialSession(page('alice'), { destination: 'debit' })).toBeNull();
    expect(fetch.calls).toHaveLength(0);
    expect(onError).not.toHaveBeenCalled();
  });

  it('resolves null and reports to onError when Ingo fails: the page still renders', async () => {
    const { handler, onError } = setup([{ status: 503, body: {} }]);
    expect(await handler.initialSession(page('alice'), { destination: 'debit' })).toBeNull();
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('throws IngoConfigError for a destination that does not exist (a programming error)', async () => {
    const { handler } = setup();
    await expect(
      handler.initialSession(page('alice'), { destination: 'wire' as never }),
    ).rejects.toBeInstanceOf(IngoConfigError);
  });

  it('comes with the head hints for the page that carries it (ingoPreloadLinks)', async () => {
    const { handler } = setup();
    const session = await handler.initialSession(page('alice'), { destination: 'debit' });
    expect(
      ingoPreloadLinks({
        sdkUrl: session?.sdkUrl as string,
        sessionOrigin: session?.authorizedUrl,
      }),
    ).toEqual([
      { rel: 'preconnect', href: 'https://cdn.example.com' },
      { rel: 'preconnect', href: 'https://webplugin-uat.example.com' },
      { rel: 'preload', as: 'script', href: 'https://cdn.example.com/ingo-sdk.js' },
    ]);
  });
});
