/**
 * What the Session API client and the IngoPay calls share: base URL checks, one signed attempt with
 * a timeout, lenient reading of Ingo's answers, and the authentication hint. Web Crypto and
 * `fetch` only.
 */
import { IngoAuthenticationError, IngoConfigError } from './errors.js';
import { type SignedHeaderName, type SigningAlgorithm, signRequest } from './signing.js';

export type IngoEnvironment = 'sandbox' | 'production';

/** The subset of `fetch` the client uses; pass your own for tests, proxies or instrumentation. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Ingo's documented X-Date tolerance is ±300 s; warn a little earlier than that. */
const SKEW_WARNING_SECONDS = 240;

/**
 * Parses and checks a base URL option. `option` names it in messages; `why` says why production
 * needs https.
 */
export function resolveBaseUrl(
  option: string,
  raw: string,
  environment: IngoEnvironment,
  why: string,
): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new IngoConfigError(
      `createIngoClient: ${option} "${raw}" is not an absolute URL; use e.g. "http://127.0.0.1:4010".`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new IngoConfigError(`createIngoClient: ${option} must use http: or https:.`);
  }
  if (url.protocol === 'http:' && environment === 'production') {
    throw new IngoConfigError(`createIngoClient: production ${option} must use https: (${why}).`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new IngoConfigError(
      `createIngoClient: ${option} must be a base URL without query, fragment or credentials.`,
    );
  }
  return url;
}

/** The base URL without a trailing slash; a path prefix (a proxy) is kept. */
export function baseString(base: URL): string {
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
}

/** Ingo sends `status` as a number on some APIs and as a numeric string on others. */
export function parseStatus(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Ingo's (or its gateway's) human message, wherever it put it. */
export function ingoMessageOf(
  body: Record<string, unknown> | undefined,
  text: string,
): string | undefined {
  for (const key of ['client_message', 'message', 'error']) {
    const value = body?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return text ? text.slice(0, 500) : undefined;
}

/**
 * The error for a refused authentication, with a hint at the most likely mistake: a clock that is
 * off (measured against the answer's `Date` header, or named by Ingo's message, or certain because
 * Ingo answered body status 402), or otherwise the secret/username pair and the environment.
 */
export function authenticationError(init: {
  response: Response;
  ingoMessage: string | undefined;
  environment: IngoEnvironment;
  baseUrl: string;
  username: string;
  /** Ingo answered body status 402: the signing time was too far from Ingo's clock. */
  timestampRejected?: boolean;
}): IngoAuthenticationError {
  const { response, ingoMessage, environment, baseUrl, username } = init;
  const serverDate = Date.parse(response.headers.get('date') ?? '');
  const skewSeconds = Number.isNaN(serverDate) ? 0 : Math.round((Date.now() - serverDate) / 1000);
  const mentionsTime = /\b(x-)?date\b|clock|skew|timestamp|expired/i.test(ingoMessage ?? '');
  if (Math.abs(skewSeconds) >= SKEW_WARNING_SECONDS || mentionsTime || init.timestampRejected) {
    const measured =
      Math.abs(skewSeconds) >= SKEW_WARNING_SECONDS
        ? ` This server's clock is about ${Math.abs(skewSeconds)} s ${skewSeconds > 0 ? 'ahead of' : 'behind'} Ingo's.`
        : '';
    return new IngoAuthenticationError({
      httpStatus: response.status,
      likelyCause: 'clock_skew',
      hint:
        `${init.timestampRejected ? 'Ingo answered status 402: ' : ''}the X-Date was probably ` +
        `outside Ingo's ±300 s window.${measured} Synchronise the server clock (NTP) and try again.`,
      ingoMessage,
    });
  }
  const other = environment === 'sandbox' ? 'production' : 'sandbox';
  return new IngoAuthenticationError({
    httpStatus: response.status,
    likelyCause: 'credentials',
    hint:
      `check that the secret belongs to username "${username}" (a wrong or truncated secret ` +
      `gives a signature mismatch), and that these are ${environment} credentials for ${baseUrl}: ` +
      `${other} credentials are different and do not work here.`,
    ingoMessage,
  });
}

/** Sleeps `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface AttemptRequest {
  fetch: FetchLike;
  url: string;
  /** The path that is signed: the path actually requested, proxy prefix included. */
  path: string;
  body: Uint8Array | string;
  username: string;
  secret: string;
  algorithm: SigningAlgorithm | undefined;
  signedHeaders: readonly SignedHeaderName[] | undefined;
  /** The signing time; defaults to now. */
  date?: Date;
  extraHeaders?: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

export type AttemptOutcome =
  | { kind: 'answer'; response: Response; text: string }
  /** No complete answer: `error` is what `fetch` (or reading the body) threw. */
  | { kind: 'no_answer'; timedOut: boolean; error: unknown };

/**
 * Signs and sends one request, reading the whole answer within `timeoutMs`. Throws the caller's
 * abort reason when `signal` aborts; every other failure is returned, for the caller's retry policy.
 */
export async function sendSignedOnce(request: AttemptRequest): Promise<AttemptOutcome> {
  const { signal, timeoutMs } = request;
  const signed = await signRequest({
    method: 'POST',
    path: request.path,
    body: request.body,
    username: request.username,
    secret: request.secret,
    ...(request.date ? { date: request.date } : {}),
    ...(request.algorithm ? { algorithm: request.algorithm } : {}),
    ...(request.signedHeaders ? { signedHeaders: request.signedHeaders } : {}),
  });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`Ingo did not answer within ${timeoutMs} ms`));
  }, timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await request.fetch(request.url, {
      method: 'POST',
      headers: { ...signed.headers, ...request.extraHeaders },
      body: signed.body as Uint8Array<ArrayBuffer>,
      signal: controller.signal,
    });
    const text = await response.text();
    return { kind: 'answer', response, text };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return { kind: 'no_answer', timedOut, error };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

// What Node's fetch (undici) reports when the connection was never made, so no byte of the
// request can have reached Ingo. A reset or a timeout after connecting is not in this list: the
// request may have been received and processed.
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function codeOf(value: unknown): string | undefined {
  const code =
    isRecord(value) || value instanceof Error ? (value as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True only when `fetch` failed before connecting (connection refused, unknown host, connect
 * timeout). Node reports it as `TypeError('fetch failed')` whose `cause.code` says why; with
 * "happy eyeballs" the cause can be an AggregateError whose every error must say so.
 */
export function neverConnected(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const cause = (error as { cause?: unknown }).cause;
  const code = codeOf(cause);
  if (code !== undefined && NEVER_CONNECTED.has(code)) return true;
  const errors = (cause as { errors?: unknown } | undefined)?.errors;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((inner) => NEVER_CONNECTED.has(codeOf(inner) ?? ''))
  );
}
