import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type SignedRequest, verifyHmacRequest } from '../src/hmac-verifier.js';

// REFERENCE §3.8 derived vectors (computed by two independent implementations, not by this code).
const VECTOR_BODY =
  '{"participant_unique_id1":"70646041-01ea-4cd6-b657-18ff88e465c7","recipient_information":{"first_name":"Jane","last_name":"Doe","address_line1":"123 Main St","city":"Anytown","state":"GA","zip_code":"30301","email_address":"jane.doe@example.com"}}';
const VECTOR_DATE = 'Fri, 17 Jan 2020 19:59:29 GMT';
const VECTOR_DIGEST =
  '/zAitY0NOxbv/aOkCZPJGrtkyNSlQC+AHAVFlt0WOlE9aF12TWuGgwMBVxr8CEkeghZVpCCbHR39YFXmyIo4MQ==';
const PATH = '/api/v1/sessions/point-in-time/plugin';
const options = {
  username: 'test',
  secret: 'test-secret',
  nowMs: Date.parse(VECTOR_DATE),
  maxSkewSeconds: 300,
};

function vectorRequest(
  list: string,
  signature: string,
  overrides: Partial<SignedRequest> = {},
): SignedRequest {
  return {
    method: 'POST',
    target: PATH,
    httpVersion: '1.1',
    body: Buffer.from(VECTOR_BODY),
    headers: {
      'x-date': VECTOR_DATE,
      'content-type': 'application/json',
      'content-sha512': VECTOR_DIGEST,
      'content-length': String(Buffer.byteLength(VECTOR_BODY)),
      authorization: `hmac username="test", algorithm="hmac-sha512", headers="${list}", signature="${signature}"`,
    },
    ...overrides,
  };
}

const ORDER_A = 'request-line x-date content-type content-sha512 content-length';
const SIG_A =
  'cCXDE5tS4ntiBiDH7soqVQIR4liTKfCny8ZoxNRMI/5MDtXdTf1STOBYCf9s/o71PKi493mci6F24pjbZw8agg==';
const ORDER_B = 'request-line x-date content-type content-length content-sha512';
const SIG_B =
  'MoWjVyp7YQbn0pgwPDvM00VlfsZ+/+0XUVSILpTNAuH5jiMduxUQtMN3q4jv2QpOBI34kLxhxTfTkLgcKUn8nw==';

/** Re-signs a request whose headers were edited, so only the intended part is wrong. */
function resign(request: SignedRequest, list = ORDER_A, secret = 'test-secret'): SignedRequest {
  const lines = list
    .split(' ')
    .map((name) =>
      name === 'request-line'
        ? `${request.method} ${request.target} HTTP/${request.httpVersion}`
        : `${name}: ${request.headers[name]}`,
    );
  const signature = createHmac('sha512', secret).update(lines.join('\n')).digest('base64');
  return {
    ...request,
    headers: {
      ...request.headers,
      authorization: `hmac username="test", algorithm="hmac-sha512", headers="${list}", signature="${signature}"`,
    },
  };
}

function withHeaders(
  request: SignedRequest,
  headers: Record<string, string | undefined>,
): SignedRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

function expectFailure(
  request: SignedRequest,
  check: string,
  message: RegExp,
  now = options.nowMs,
) {
  const result = verifyHmacRequest(request, { ...options, nowMs: now });
  expect(result).toMatchObject({ ok: false, check });
  if (!result.ok) expect(result.message).toMatch(message);
}

describe('verifyHmacRequest against the REFERENCE vectors', () => {
  it('accepts both documented signed-header orders', () => {
    expect(verifyHmacRequest(vectorRequest(ORDER_A, SIG_A), options)).toEqual({ ok: true });
    expect(verifyHmacRequest(vectorRequest(ORDER_B, SIG_B), options)).toEqual({ ok: true });
  });

  it('rejects a signature made for the other header order', () => {
    expectFailure(vectorRequest(ORDER_A, SIG_B), 'signature', /does not match/);
  });

  it('accepts extra signed headers that the request carries', () => {
    const base = withHeaders(vectorRequest(ORDER_A, SIG_A), { 'idempotency-key': 'abc' });
    expect(verifyHmacRequest(resign(base, `${ORDER_A} idempotency-key`), options)).toEqual({
      ok: true,
    });
  });
});

describe('verifyHmacRequest rejects', () => {
  const good = vectorRequest(ORDER_A, SIG_A);

  it('a missing or malformed Authorization header', () => {
    expectFailure(withHeaders(good, { authorization: undefined }), 'authorization', /missing/);
    expectFailure(
      withHeaders(good, { authorization: 'Bearer abc' }),
      'authorization',
      /scheme must be `hmac`/,
    );
    expectFailure(
      withHeaders(good, { authorization: 'hmac username=test, algorithm="hmac-sha512"' }),
      'authorization',
      /cannot parse/,
    );
    expectFailure(
      withHeaders(good, { authorization: 'hmac username="test", username="test"' }),
      'authorization',
      /appears twice/,
    );
    expectFailure(
      withHeaders(good, {
        authorization: `hmac username="test", algorithm="hmac-sha512", headers="${ORDER_A}"`,
      }),
      'authorization',
      /no signature=/,
    );
    expectFailure(
      withHeaders(good, {
        authorization: `hmac username="test", algorithm="hmac-sha512", headers="${ORDER_A}", signature="${SIG_A}", realm="x"`,
      }),
      'authorization',
      /unknown Authorization parameter "realm"/,
    );
  });

  it('another algorithm, with a hint for legacy hmac-sha256', () => {
    const auth = String(good.headers.authorization);
    expectFailure(
      withHeaders(good, { authorization: auth.replace('hmac-sha512', 'hmac-sha256') }),
      'algorithm',
      /legacy integrations only/,
    );
    expectFailure(
      withHeaders(good, { authorization: auth.replace('hmac-sha512', 'md5') }),
      'algorithm',
      /unsupported/,
    );
  });

  it('an unknown username', () => {
    const auth = String(good.headers.authorization).replace(
      'username="test"',
      'username="someone"',
    );
    expectFailure(
      withHeaders(good, { authorization: auth }),
      'username',
      /unknown username "someone"/,
    );
  });

  it('a signed-header list that is incomplete, repeated, upper case or names absent headers', () => {
    expectFailure(
      resign(good, 'request-line x-date content-type content-sha512'),
      'headers',
      /missing: content-length/,
    );
    expectFailure(resign(good, `${ORDER_A} x-date`), 'headers', /listed twice/);
    expectFailure(resign(good, ORDER_A.replace('x-date', 'X-Date')), 'headers', /lower case/);
    expectFailure(
      resign(good, `${ORDER_A} idempotency-key`),
      'headers',
      /no idempotency-key header/,
    );
    expectFailure(resign(good, ORDER_A.replace(' ', '  ')), 'headers', /single spaces/);
  });

  it('a missing required header, reported under that header', () => {
    expectFailure(
      withHeaders(good, { 'content-length': undefined }),
      'content-length',
      /no content-length header/,
    );
    expectFailure(withHeaders(good, { 'x-date': undefined }), 'x-date', /no x-date header/);
  });

  it('an X-Date in another format or outside ±300 s', () => {
    expectFailure(
      resign(withHeaders(good, { 'x-date': '2020-01-17T19:59:29Z' })),
      'x-date',
      /RFC 7231/,
    );
    expectFailure(good, 'x-date', /301 s behind/, options.nowMs + 301_000);
    expectFailure(good, 'x-date', /301 s ahead of/, options.nowMs - 301_000);
    expect(verifyHmacRequest(good, { ...options, nowMs: options.nowMs + 299_000 })).toEqual({
      ok: true,
    });
    expect(verifyHmacRequest(good, { ...options, nowMs: options.nowMs - 299_000 })).toEqual({
      ok: true,
    });
  });

  it('a Content-Type other than JSON', () => {
    expectFailure(
      resign(withHeaders(good, { 'content-type': 'text/plain' })),
      'content-type',
      /application\/json/,
    );
  });

  it('a Content-Length that differs from the body', () => {
    expectFailure(
      resign(withHeaders(good, { 'content-length': '999' })),
      'content-length',
      /does not match the 247-byte body/,
    );
  });

  it('a digest in hex, of SHA-256 size, or of other bytes', () => {
    const hex = createHash('sha512').update(VECTOR_BODY).digest('hex');
    expectFailure(
      resign(withHeaders(good, { 'content-sha512': hex })),
      'content-sha512',
      /looks like hex/,
    );
    const sha256 = createHash('sha256').update(VECTOR_BODY).digest('base64');
    expectFailure(
      resign(withHeaders(good, { 'content-sha512': sha256 })),
      'content-sha512',
      /SHA-256/,
    );
    const other = createHash('sha512').update(`${VECTOR_BODY} `).digest('base64');
    expectFailure(
      resign(withHeaders(good, { 'content-sha512': other })),
      'content-sha512',
      /does not match the body/,
    );
  });

  it('a body changed after signing', () => {
    const body = Buffer.from(VECTOR_BODY.replace('Jane', 'Joan'));
    expectFailure({ ...good, body }, 'content-sha512', /does not match the body/);
  });

  it('a signature over another path, another secret, or in hex', () => {
    expectFailure({ ...good, target: `${PATH}?x=1` }, 'signature', /does not match/);
    expectFailure(resign(good, ORDER_A, 'wrong-secret'), 'signature', /does not match/);
    const hexSignature = Buffer.from(Buffer.from(SIG_A, 'base64').toString('hex')).toString(
      'base64',
    );
    const auth = String(good.headers.authorization).replace(SIG_A, hexSignature);
    expectFailure(
      withHeaders(good, { authorization: auth }),
      'signature',
      /Base64 of a hex string/,
    );
  });
});
