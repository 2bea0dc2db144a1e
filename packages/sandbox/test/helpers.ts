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

// ---------------------------------------------------------------- IngoPay

/**
 * Signs and sends an IngoPay request with the same independent signer: the signed request line
 * names `path` (PUSH_PATH or PULL_PATH). A string body is sent as is (for broken JSON).
 */
export function ingoPayRequest(
  baseUrl: string,
  path: string,
  body: unknown,
  options: SignOptions = {},
): Promise<RawResponse> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return rawRequest(baseUrl, 'POST', path, signedHeaders(raw, { signPath: path, ...options }), raw);
}

/** A valid push (v11 flat) body: a CA push of 25.00 to `token`. */
export function pushBody(
  token: string,
  nowMs: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    participant_id: 12345,
    account_type: 'CA',
    amount: 25,
    customer_account_token: token,
    source_of_funds: 4,
    recipient_phone: '1231231234',
    participant_unique_id1: 'push-1',
    participant_unique_id2: 'order-1',
    timestamp: Math.floor(nowMs / 1000),
    version: 11,
    ...overrides,
  };
}

/** A valid pull (v12 nested) body: an AC debit of "101.96" from `token`. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach into the nested body to break it
export function pullBody(token: string, nowMs: number): any {
  return {
    request: { participant_id: '12345', timestamp: String(Math.floor(nowMs / 1000)) },
    transaction: {
      account_type: 'AC',
      transaction_amount: { currency_code: 'USD', amount: '101.96' },
      participant_unique_ids: {
        participant_unique_id1: 'pull-1',
        participant_unique_id2: 'order-2',
      },
      customer_account_token: token,
      source_of_funds: 4,
      recipient_phone: '5555550100',
    },
  };
}

/** POST /__sandbox/tokens: a token of `destination`, as the hosted page would issue it. */
export async function mintToken(baseUrl: string, destination: string): Promise<string> {
  const res = await rawRequest(
    baseUrl,
    'POST',
    '/__sandbox/tokens',
    { 'content-type': 'application/json' },
    JSON.stringify({ destination }),
  );
  if (res.status !== 201) throw new Error(`mint ${destination}: ${res.status} ${res.text}`);
  return res.json().customer_account_token as string;
}
