import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNED_HEADERS, IngoConfigError, signRequest } from '../src/index.js';

// REFERENCE §3.8: vectors derived with the Kong-style recipe of §3.3 (not printed by Ingo).
const VECTOR = {
  username: 'test',
  secret: 'test-secret',
  date: new Date('Fri, 17 Jan 2020 19:59:29 GMT'),
  method: 'POST',
  path: '/api/v1/sessions/point-in-time/plugin',
  body: '{"participant_unique_id1":"70646041-01ea-4cd6-b657-18ff88e465c7","recipient_information":{"first_name":"Jane","last_name":"Doe","address_line1":"123 Main St","city":"Anytown","state":"GA","zip_code":"30301","email_address":"jane.doe@example.com"}}',
  contentSha512:
    '/zAitY0NOxbv/aOkCZPJGrtkyNSlQC+AHAVFlt0WOlE9aF12TWuGgwMBVxr8CEkeghZVpCCbHR39YFXmyIo4MQ==',
};

const QUICK_START_ORDER = [
  'request-line',
  'x-date',
  'content-type',
  'content-sha512',
  'content-length',
] as const;
const SESSION_CREATE_ORDER = [
  'request-line',
  'x-date',
  'content-type',
  'content-length',
  'content-sha512',
] as const;

describe('signRequest: the derived vectors of REFERENCE §3.8', () => {
  it('matches in the quick-start header order', async () => {
    const { headers } = await signRequest({ ...VECTOR, signedHeaders: QUICK_START_ORDER });
    expect(headers).toEqual({
      Authorization:
        'hmac username="test", algorithm="hmac-sha512", ' +
        'headers="request-line x-date content-type content-sha512 content-length", ' +
        'signature="cCXDE5tS4ntiBiDH7soqVQIR4liTKfCny8ZoxNRMI/5MDtXdTf1STOBYCf9s/o71PKi493mci6F24pjbZw8agg=="',
      'X-Date': 'Fri, 17 Jan 2020 19:59:29 GMT',
      'Content-Type': 'application/json',
      'Content-Length': '247',
      'Content-sha512': VECTOR.contentSha512,
    });
  });

  it('matches in the Session Create header order, which is the default', async () => {
    const expected =
      'hmac username="test", algorithm="hmac-sha512", ' +
      'headers="request-line x-date content-type content-length content-sha512", ' +
      'signature="MoWjVyp7YQbn0pgwPDvM00VlfsZ+/+0XUVSILpTNAuH5jiMduxUQtMN3q4jv2QpOBI34kLxhxTfTkLgcKUn8nw=="';
    const explicit = await signRequest({ ...VECTOR, signedHeaders: SESSION_CREATE_ORDER });
    const byDefault = await signRequest(VECTOR);
    expect(explicit.headers.Authorization).toBe(expected);
    expect(byDefault.headers.Authorization).toBe(expected);
    expect(DEFAULT_SIGNED_HEADERS).toEqual(SESSION_CREATE_ORDER);
  });

  it('signs the Kong-style string: request line, then "name: value" lines, no trailing newline', async () => {
    const { signingString } = await signRequest(VECTOR);
    expect(signingString).toBe(
      [
        'POST /api/v1/sessions/point-in-time/plugin HTTP/1.1',
        'x-date: Fri, 17 Jan 2020 19:59:29 GMT',
        'content-type: application/json',
        'content-length: 247',
        `content-sha512: ${VECTOR.contentSha512}`,
      ].join('\n'),
    );
  });

  it('gives the same result for the body as a string, as bytes and as an object', async () => {
    const fromString = await signRequest(VECTOR);
    const fromBytes = await signRequest({ ...VECTOR, body: new TextEncoder().encode(VECTOR.body) });
    const fromObject = await signRequest({ ...VECTOR, body: JSON.parse(VECTOR.body) });
    expect(fromBytes.headers).toEqual(fromString.headers);
    expect(fromObject.headers).toEqual(fromString.headers);
    expect(new TextDecoder().decode(fromObject.body)).toBe(VECTOR.body);
  });
});

describe('signRequest: body bytes', () => {
  it('hashes, counts and returns the same UTF-8 bytes for non-ASCII text', async () => {
    const body = {
      recipient_information: { first_name: 'Zoë', last_name: 'Nguyễn 阮', city: '東京' },
    };
    const signed = await signRequest({ ...VECTOR, body });
    const expectedBytes = Buffer.from(JSON.stringify(body), 'utf8');
    expect(Buffer.from(signed.body).equals(expectedBytes)).toBe(true);
    // Byte length, not string length: the string is shorter than its UTF-8 encoding.
    expect(JSON.stringify(body).length).toBeLessThan(expectedBytes.length);
    expect(signed.headers['Content-Length']).toBe(String(expectedBytes.length));
    expect(signed.headers['Content-sha512']).toBe(
      createHash('sha512').update(expectedBytes).digest('base64'),
    );
  });

  it('has the documented digest for an empty body (REFERENCE §3.4)', async () => {
    const { headers } = await signRequest({ ...VECTOR, body: '' });
    expect(headers['Content-sha512']).toBe(
      'z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==',
    );
    expect(headers['Content-Length']).toBe('0');
  });

  it('defaults X-Date to now, in IMF-fixdate form', async () => {
    const before = Date.now();
    const { headers } = await signRequest({ ...VECTOR, date: undefined });
    expect(headers['X-Date']).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
    );
    expect(Math.abs(Date.parse(headers['X-Date']) - before)).toBeLessThan(60_000);
  });
});

describe('signRequest: legacy hmac-sha256', () => {
  it('signs the same string with HMAC-SHA256 and keeps Content-sha512', async () => {
    const legacy = await signRequest({ ...VECTOR, algorithm: 'hmac-sha256' });
    const expected = createHmac('sha256', VECTOR.secret)
      .update(legacy.signingString)
      .digest('base64');
    expect(legacy.headers.Authorization).toBe(
      'hmac username="test", algorithm="hmac-sha256", ' +
        'headers="request-line x-date content-type content-length content-sha512", ' +
        `signature="${expected}"`,
    );
    expect(legacy.headers['Content-sha512']).toBe(VECTOR.contentSha512);
  });
});

describe('signRequest: bad options', () => {
  const cases: [string, Partial<Parameters<typeof signRequest>[0]>, RegExp][] = [
    [
      'an unknown signed header',
      { signedHeaders: ['request-line', 'accept'] as never },
      /cannot sign "accept"/,
    ],
    [
      'a missing signed header',
      { signedHeaders: ['request-line', 'x-date', 'content-type', 'content-length'] },
      /missing content-sha512/,
    ],
    [
      'a duplicate signed header',
      { signedHeaders: ['request-line', 'x-date', 'x-date', 'content-type', 'content-length'] },
      /appears twice/,
    ],
    ['a path with a space', { path: '/a b' }, /path must start with "\/"/],
    ['a relative path', { path: 'api/v1' }, /path must start with "\/"/],
    ['a username with a quote', { username: 'te"st' }, /username/],
    ['an empty secret', { secret: '' }, /secret must be a non-empty string/],
    ['an invalid date', { date: new Date('nope') }, /date must be a valid Date/],
    ['an unknown algorithm', { algorithm: 'hmac-md5' as never }, /algorithm must be/],
  ];
  for (const [name, override, message] of cases) {
    it(`rejects ${name} with IngoConfigError`, async () => {
      const result = signRequest({ ...VECTOR, ...override });
      await expect(result).rejects.toBeInstanceOf(IngoConfigError);
      await expect(result).rejects.toThrow(message);
    });
  }

  it('never puts the secret in an error message', async () => {
    const secret = 'super-secret-value-1234';
    const error = await signRequest({ ...VECTOR, secret, path: 'bad' }).catch((e: unknown) => e);
    expect(String((error as Error).message)).not.toContain(secret);
  });
});
