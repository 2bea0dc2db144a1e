/**
 * Verifies Ingo's HMAC-SHA512 request signature, written independently of @ingo-embed/server's
 * signer so that one shared misunderstanding cannot make both sides agree on a wrong signature.
 *
 * Signing string (Kong hmac-auth style, REFERENCE §3.3): one line per entry of the `headers`
 * parameter, in its order; `request-line` contributes `METHOD PATH HTTP/x.y`, every other entry
 * `name: value`; lines joined by `\n`, no trailing newline. Signature = Base64 of the raw
 * HMAC-SHA512 bytes keyed with the secret.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Which part of the request failed; returned to the caller in the 401 body. */
export type HmacCheck =
  | 'authorization'
  | 'algorithm'
  | 'username'
  | 'headers'
  | 'x-date'
  | 'content-type'
  | 'content-length'
  | 'content-sha512'
  | 'signature';

export type HmacResult = { ok: true } | { ok: false; check: HmacCheck; message: string };

export interface SignedRequest {
  method: string;
  /** Path and query exactly as on the request line. */
  target: string;
  httpVersion: string;
  /** Header names in lower case (as Node gives them). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

export interface HmacVerifierOptions {
  username: string;
  secret: string;
  nowMs: number;
  maxSkewSeconds: number;
}

/** Every signed-header list must cover these (any order); more headers may be signed. */
export const REQUIRED_SIGNED_HEADERS = [
  'request-line',
  'x-date',
  'content-type',
  'content-sha512',
  'content-length',
] as const;

const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function fail(check: HmacCheck, message: string): HmacResult {
  return { ok: false, check, message };
}

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Parses `hmac username="…", algorithm="…", headers="…", signature="…"`. */
export function parseAuthorization(
  value: string,
): { params: Record<string, string> } | { error: string } {
  const match = /^hmac\s+(.*)$/i.exec(value.trim());
  if (!match) {
    return {
      error: 'the Authorization scheme must be `hmac` (for example `hmac username="…", …`)',
    };
  }
  const params: Record<string, string> = {};
  const rest = match[1] ?? '';
  const param = /\s*([a-zA-Z]+)="([^"]*)"\s*(?:,|$)/y;
  let position = 0;
  while (position < rest.length) {
    param.lastIndex = position;
    const found = param.exec(rest);
    if (!found) {
      return {
        error: `cannot parse the Authorization parameters near "${rest.slice(position, position + 20)}": use key="value" pairs separated by ", "`,
      };
    }
    const key = (found[1] ?? '').toLowerCase();
    if (key in params) return { error: `the Authorization parameter "${key}" appears twice` };
    params[key] = found[2] ?? '';
    position = param.lastIndex;
  }
  for (const key of Object.keys(params)) {
    if (!['username', 'algorithm', 'headers', 'signature'].includes(key)) {
      return { error: `unknown Authorization parameter "${key}"` };
    }
  }
  for (const key of ['username', 'algorithm', 'headers', 'signature']) {
    if (!(key in params)) return { error: `the Authorization header has no ${key}="…" parameter` };
  }
  return { params };
}

function decodeBase64(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  return Buffer.from(value, 'base64');
}

function describeSkew(seconds: number): string {
  return seconds > 0 ? `${seconds} s ahead of` : `${-seconds} s behind`;
}

export function verifyHmacRequest(
  request: SignedRequest,
  options: HmacVerifierOptions,
): HmacResult {
  const authorization = header(request, 'authorization');
  if (!authorization) return fail('authorization', 'the Authorization header is missing');
  const parsed = parseAuthorization(authorization);
  if ('error' in parsed) return fail('authorization', parsed.error);
  const { username, algorithm, headers, signature } = parsed.params as Record<string, string>;

  if (algorithm !== 'hmac-sha512') {
    return fail(
      'algorithm',
      algorithm === 'hmac-sha256'
        ? 'hmac-sha256 is accepted for legacy integrations only; sign with algorithm="hmac-sha512"'
        : `unsupported algorithm "${algorithm}"; use algorithm="hmac-sha512"`,
    );
  }
  if (username !== options.username) {
    return fail('username', `unknown username "${username}"`);
  }

  const signedHeaders = (headers ?? '').split(' ');
  if (signedHeaders.some((name) => name === '')) {
    return fail('headers', 'headers="…" must be names separated by single spaces');
  }
  for (const name of signedHeaders) {
    if (name !== name.toLowerCase()) {
      return fail('headers', `signed header names must be lower case: "${name}"`);
    }
  }
  const seen = new Set<string>();
  for (const name of signedHeaders) {
    if (seen.has(name)) return fail('headers', `"${name}" is listed twice in headers="…"`);
    seen.add(name);
  }
  const missingFromList = REQUIRED_SIGNED_HEADERS.filter((name) => !seen.has(name));
  if (missingFromList.length > 0) {
    return fail(
      'headers',
      `headers="…" must sign ${REQUIRED_SIGNED_HEADERS.join(', ')}; missing: ${missingFromList.join(', ')}`,
    );
  }
  for (const name of signedHeaders) {
    if (name !== 'request-line' && header(request, name) === undefined) {
      // A missing required header is reported under its own check, so callers see what to fix.
      const check = (REQUIRED_SIGNED_HEADERS as readonly string[]).includes(name)
        ? (name as HmacCheck)
        : 'headers';
      return fail(check, `"${name}" is signed but the request has no ${name} header`);
    }
  }

  const xDate = header(request, 'x-date') ?? '';
  if (!IMF_FIXDATE.test(xDate)) {
    return fail(
      'x-date',
      `X-Date must be an RFC 7231 date such as "Fri, 17 Jan 2020 19:59:29 GMT"; got "${xDate}"`,
    );
  }
  const skewSeconds = Math.round((Date.parse(xDate) - options.nowMs) / 1000);
  if (Number.isNaN(skewSeconds)) return fail('x-date', `X-Date "${xDate}" is not a real date`);
  if (Math.abs(skewSeconds) > options.maxSkewSeconds) {
    return fail(
      'x-date',
      `X-Date is ${describeSkew(skewSeconds)} the sandbox clock; the limit is ±${options.maxSkewSeconds} s`,
    );
  }

  const contentType = header(request, 'content-type') ?? '';
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(contentType)) {
    return fail('content-type', `Content-Type must be application/json; got "${contentType}"`);
  }

  const contentLength = header(request, 'content-length') ?? '';
  if (!/^\d+$/.test(contentLength) || Number(contentLength) !== request.body.length) {
    return fail(
      'content-length',
      `Content-Length "${contentLength}" does not match the ${request.body.length}-byte body`,
    );
  }

  const digestHeader = header(request, 'content-sha512') ?? '';
  const digest = decodeBase64(digestHeader);
  const expectedDigest = createHash('sha512').update(request.body).digest();
  if (digest?.length !== 64) {
    const hint = /^[0-9a-f]{128}$/i.test(digestHeader)
      ? ' (it looks like hex: send Base64 of the raw digest bytes)'
      : digest?.length === 32
        ? ' (it has 32 bytes, the size of SHA-256: use SHA-512)'
        : '';
    return fail(
      'content-sha512',
      `Content-sha512 is not Base64 of a 64-byte SHA-512 digest${hint}`,
    );
  }
  if (!timingSafeEqual(digest, expectedDigest)) {
    return fail(
      'content-sha512',
      'Content-sha512 does not match the body bytes: hash exactly the bytes you send',
    );
  }

  const signingString = signedHeaders
    .map((name) =>
      name === 'request-line'
        ? `${request.method} ${request.target} HTTP/${request.httpVersion}`
        : `${name}: ${header(request, name)}`,
    )
    .join('\n');
  const expected = createHmac('sha512', options.secret).update(signingString, 'utf8').digest();
  const given = decodeBase64(signature ?? '');
  if (given?.length !== 64) {
    const asText = given?.toString('latin1') ?? '';
    const hint = /^[0-9a-f]{128}$/i.test(asText)
      ? ' (it is Base64 of a hex string: Base64-encode the raw HMAC bytes instead)'
      : '';
    return fail('signature', `signature is not Base64 of a 64-byte HMAC-SHA512${hint}`);
  }
  if (!timingSafeEqual(given, expected)) {
    return fail(
      'signature',
      'signature does not match: check the secret, the signing-string order (as in headers="…") and the request line',
    );
  }
  return { ok: true };
}
