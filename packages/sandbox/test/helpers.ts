/**
 * Test-side HMAC signer, written from REFERENCE §3.3 independently of src/hmac-verifier.ts,
 * with knobs to break every part of a signature on purpose.
 */
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { SANDBOX_DEFAULTS, SESSION_CREATE_PATH } from '../src/server.js';

export const RECIPIENT = {
  first_name: 'Jane',
  last_name: 'Doe',
  address_line1: '123 Main St',
  city: 'Anytown',
  state: 'GA',
  zip_code: '30301',
  email_address: 'jane.doe@example.com',
};

export function sessionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { participant_unique_id1: 'order-1', recipient_information: RECIPIENT, ...overrides };
}

export interface SignOptions {
  username?: string;
  secret?: string;
  algorithm?: string;
  /** The `headers="…"` list. */
  signedHeaders?: string;
  xDate?: string;
  /** Seconds added to the X-Date (clock skew). */
  skewSeconds?: number;
  now?: number;
  contentType?: string;
  /** Replace the Content-sha512 header value. */
  digest?: string;
  /** Sign this body, but send `body`. */
  signBody?: string;
  /** Sign this path, but send to the real one. */
  signPath?: string;
  /** Replace the signature. */
  signature?: (real: string) => string;
  /** Replace the whole Authorization header. */
  authorization?: string;
  omit?: string[];
  extraHeaders?: Record<string, string>;
  idempotencyKey?: string;
}

export function signedHeaders(rawBody: string, options: SignOptions = {}): Record<string, string> {
  const bodyBytes = Buffer.from(rawBody, 'utf8');
  const signBytes = Buffer.from(options.signBody ?? rawBody, 'utf8');
  const xDate =
    options.xDate ??
    new Date((options.now ?? Date.now()) + (options.skewSeconds ?? 0) * 1000).toUTCString();
  const headers: Record<string, string> = {
    'x-date': xDate,
    'content-type': options.contentType ?? 'application/json',
    'content-sha512': options.digest ?? createHash('sha512').update(signBytes).digest('base64'),
    'content-length': String(bodyBytes.length),
    ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
    ...options.extraHeaders,
  };
  const list =
    options.signedHeaders ?? 'request-line x-date content-type content-sha512 content-length';
  const lines = list
    .split(' ')
    .map((name) =>
      name === 'request-line'
        ? `POST ${options.signPath ?? SESSION_CREATE_PATH} HTTP/1.1`
        : `${name}: ${headers[name] ?? ''}`,
    );
  const real = createHmac('sha512', options.secret ?? SANDBOX_DEFAULTS.secret)
    .update(lines.join('\n'))
    .digest('base64');
  const signature = options.signature ? options.signature(real) : real;
  headers.authorization =
    options.authorization ??
    `hmac username="${options.username ?? SANDBOX_DEFAULTS.username}", algorithm="${options.algorithm ?? 'hmac-sha512'}", headers="${list}", signature="${signature}"`;
  for (const name of options.omit ?? []) delete headers[name];
  return headers;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
  json: () => any;
}

/** node:http, so tests control every header (fetch would fix Content-Length for us). */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseUrl), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: () => JSON.parse(text),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function createSession(
  baseUrl: string,
  body: Record<string, unknown> = sessionBody(),
  options: SignOptions = {},
): Promise<RawResponse> {
  const raw = JSON.stringify(body);
  return rawRequest(baseUrl, 'POST', SESSION_CREATE_PATH, signedHeaders(raw, options), raw);
}

/** The URL the SDK would load: authorized_url plus the mount parameters. */
export function mountUrl(
  authorizedUrl: string,
  destination: string,
  parentOrigin = 'http://localhost:3000',
  channel = 'test-channel',
): string {
  const url = new URL(authorizedUrl);
  url.searchParams.set('destination', destination);
  url.searchParams.set('parent_origin', parentOrigin);
  url.searchParams.set('channel', channel);
  return url.toString();
}

/** Reads the bootstrap JSON the server embedded in a hosted page. */
// biome-ignore lint/suspicious/noExplicitAny: the bootstrap is checked by the assertions
export function bootstrapOf(html: string): any {
  const match =
    /<script type="application\/json" id="ingo-sandbox-bootstrap">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no bootstrap in page');
  return JSON.parse(match[1] ?? '');
}

/** A controllable clock for startSandbox({ now }). */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}
