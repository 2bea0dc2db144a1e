/**
 * The Session Create client: validation, signing, a timeout per attempt, and safe retries that
 * reuse one Idempotency-Key. Depends only on Web Crypto and `fetch`.
 */
import {
  IngoApiError,
  IngoAuthenticationError,
  IngoConfigError,
  IngoIdempotencyMismatchError,
  IngoUnavailableError,
  type UnavailableReason,
} from './errors.js';
import {
  type CreateSessionInput,
  fromWire,
  type IngoSession,
  toWire,
  validateCreateSessionInput,
} from './session.js';
import { bodyBytes, type SignedHeaderName, type SigningAlgorithm, signRequest } from './signing.js';

export type IngoEnvironment = 'sandbox' | 'production';

/** Base URLs of Ingo's Session Management API. */
export const INGO_SESSION_API_URLS: Readonly<Record<IngoEnvironment, string>> = {
  sandbox: 'https://iip-session-management-uat.ingo.money',
  production: 'https://iip-session-management.ingo.money',
};

export const SESSION_CREATE_PATH = '/api/v1/sessions/point-in-time/plugin';

/** The subset of `fetch` the client uses; pass your own for tests, proxies or instrumentation. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface IngoClientOptions {
  /** Your Ingo HMAC username. */
  username: string;
  /** Your Ingo HMAC secret. Used only to sign; never sent, never logged. */
  secret: string;
  environment: IngoEnvironment;
  /** Overrides the base URL, e.g. `http://127.0.0.1:4010` for the local emulator. */
  sessionApiUrl?: string;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds, response body included. Default 10 000. */
  timeoutMs?: number;
  /** Extra attempts after a network error, a timeout or a 5xx (never after a 4xx). Default 2, max 10. */
  maxRetries?: number;
  /** Base of the exponential backoff between attempts, in milliseconds. Default 250. */
  retryDelayMs?: number;
  /** `hmac-sha512` (default) or Ingo's legacy `hmac-sha256`; see the README. */
  algorithm?: SigningAlgorithm;
  /** Order of the signed headers; defaults to the Session Create page's order. */
  signedHeaders?: readonly SignedHeaderName[];
}

export interface CreateSessionOptions {
  /** Aborts the call, including any backoff wait; the abort reason is thrown as is. */
  signal?: AbortSignal;
}

export interface IngoClient {
  readonly environment: IngoEnvironment;
  /** The base URL requests go to. */
  readonly sessionApiUrl: string;
  /**
   * Validates `input` (every bad field reported at once), then calls Ingo's Session Create.
   * Resolves with the session, `idempotent: true` when Ingo re-authorized an existing one (101).
   */
  createSession(input: CreateSessionInput, options?: CreateSessionOptions): Promise<IngoSession>;
}

/** Upper bound of a single backoff wait, whatever `retryDelayMs` and the attempt number. */
const MAX_BACKOFF_MS = 5_000;
/** Ingo's documented X-Date tolerance is ±300 s; warn a little earlier than that. */
const SKEW_WARNING_SECONDS = 240;

// The secret is kept here rather than on the client object, so that it cannot be read (or
// accidentally serialised) from the client; the session handler derives its keys from it.
const secrets = new WeakMap<IngoClient, string>();

/** The secret of a client made by {@link createIngoClient}; undefined for any other object. */
export function clientSecret(client: IngoClient): string | undefined {
  return secrets.get(client);
}

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new IngoConfigError(
      `createIngoClient: ${name} must be an integer from ${min} to ${max}, not ${String(value)}.`,
    );
  }
  return value;
}

function resolveBaseUrl(environment: IngoEnvironment, override: string | undefined): URL {
  const raw = override ?? INGO_SESSION_API_URLS[environment];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new IngoConfigError(
      `createIngoClient: sessionApiUrl "${raw}" is not an absolute URL; use e.g. "http://127.0.0.1:4010".`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new IngoConfigError('createIngoClient: sessionApiUrl must use http: or https:.');
  }
  if (url.protocol === 'http:' && environment === 'production') {
    throw new IngoConfigError(
      'createIngoClient: production sessionApiUrl must use https: (recipient details are personal data).',
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new IngoConfigError(
      'createIngoClient: sessionApiUrl must be a base URL without query, fragment or credentials.',
    );
  }
  return url;
}

function parseStatus(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
  return undefined;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Ingo's (or its gateway's) human message, wherever it put it. */
function ingoMessageOf(
  body: Record<string, unknown> | undefined,
  text: string,
): string | undefined {
  for (const key of ['client_message', 'message', 'error']) {
    const value = body?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return text ? text.slice(0, 500) : undefined;
}

function authenticationError(
  response: Response,
  ingoMessage: string | undefined,
  environment: IngoEnvironment,
  baseUrl: string,
  username: string,
): IngoAuthenticationError {
  const serverDate = Date.parse(response.headers.get('date') ?? '');
  const skewSeconds = Number.isNaN(serverDate) ? 0 : Math.round((Date.now() - serverDate) / 1000);
  const mentionsTime = /\b(x-)?date\b|clock|skew|timestamp|expired/i.test(ingoMessage ?? '');
  if (Math.abs(skewSeconds) >= SKEW_WARNING_SECONDS || mentionsTime) {
    const measured =
      Math.abs(skewSeconds) >= SKEW_WARNING_SECONDS
        ? ` This server's clock is about ${Math.abs(skewSeconds)} s ${skewSeconds > 0 ? 'ahead of' : 'behind'} Ingo's.`
        : '';
    return new IngoAuthenticationError({
      httpStatus: response.status,
      likelyCause: 'clock_skew',
      hint:
        `the X-Date was probably outside Ingo's ±300 s window.${measured} ` +
        'Synchronise the server clock (NTP) and try again.',
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

type AttemptResult =
  | { kind: 'done'; session: IngoSession }
  | { kind: 'retry'; reason: UnavailableReason; httpStatus?: number; cause?: unknown };

/** Sleeps `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
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

/** Creates a client for Ingo's Session Create. Throws {@link IngoConfigError} for bad options. */
export function createIngoClient(options: IngoClientOptions): IngoClient {
  if (typeof options !== 'object' || options === null) {
    throw new IngoConfigError('createIngoClient: pass an options object.');
  }
  const { username, secret, environment } = options;
  if (environment !== 'sandbox' && environment !== 'production') {
    throw new IngoConfigError(
      `createIngoClient: environment must be "sandbox" or "production", not "${String(environment)}".`,
    );
  }
  if (typeof username !== 'string' || username.trim() === '') {
    throw new IngoConfigError('createIngoClient: username is required (your Ingo HMAC username).');
  }
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new IngoConfigError('createIngoClient: secret is required (your Ingo HMAC secret).');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new IngoConfigError('createIngoClient: fetch must be a function.');
  }
  const timeoutMs = checkInteger('timeoutMs', options.timeoutMs ?? 10_000, 1, 300_000);
  const maxRetries = checkInteger('maxRetries', options.maxRetries ?? 2, 0, 10);
  const retryDelayMs = checkInteger('retryDelayMs', options.retryDelayMs ?? 250, 0, 60_000);
  const base = resolveBaseUrl(environment, options.sessionApiUrl);
  // A base URL may carry a path prefix (a proxy); the signed path is the path actually requested.
  const path = `${base.pathname.replace(/\/+$/, '')}${SESSION_CREATE_PATH}`;
  const sessionApiUrl = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const url = `${base.origin}${path}`;
  // Look the global up per call and keep `this` bound: some runtimes throw "Illegal invocation".
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const { algorithm, signedHeaders } = options;

  // Fail fast on bad signing options instead of on the first session.
  if (algorithm !== undefined && algorithm !== 'hmac-sha512' && algorithm !== 'hmac-sha256') {
    throw new IngoConfigError(
      `createIngoClient: algorithm must be "hmac-sha512" or "hmac-sha256", not "${String(algorithm)}".`,
    );
  }

  async function attempt(
    payload: Uint8Array,
    idempotencyKey: string,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    // Signed per attempt so that a retry carries a fresh X-Date; the body bytes never change.
    const signed = await signRequest({
      method: 'POST',
      path,
      body: payload,
      username,
      secret,
      ...(algorithm ? { algorithm } : {}),
      ...(signedHeaders ? { signedHeaders } : {}),
    });
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`Ingo did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { ...signed.headers, 'Idempotency-Key': idempotencyKey },
        body: signed.body as Uint8Array<ArrayBuffer>,
        signal: controller.signal,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      return { kind: 'retry', reason: timedOut ? 'timeout' : 'network', cause: error };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }

    if (response.status >= 500) {
      return { kind: 'retry', reason: 'server_error', httpStatus: response.status };
    }
    const body = parseJsonObject(text);
    const ingoStatus = parseStatus(body?.status);
    const ingoMessage = ingoMessageOf(body, text);
    if (ingoStatus === 13723) throw new IngoIdempotencyMismatchError(idempotencyKey);
    if (response.status === 401 || response.status === 403 || ingoStatus === 402) {
      throw authenticationError(response, ingoMessage, environment, sessionApiUrl, username);
    }
    if (response.ok && body && (ingoStatus === 100 || ingoStatus === 101)) {
      return {
        kind: 'done',
        session: fromWire(body, ingoStatus, response.status, idempotencyKey),
      };
    }
    throw new IngoApiError({
      message: response.ok
        ? `Ingo answered Session Create with HTTP ${response.status} but ${
            body ? `status ${String(body.status)}` : 'a body that is not JSON'
          }; expected status 100 or 101. See ingoMessage.`
        : `Ingo rejected Session Create with HTTP ${response.status}${
            ingoStatus === undefined ? '' : ` (status ${ingoStatus})`
          }. This is not retried; check the request (see ingoMessage).`,
      httpStatus: response.status,
      ingoStatus,
      ingoMessage,
    });
  }

  const client: IngoClient = {
    environment,
    sessionApiUrl,
    async createSession(input, callOptions = {}) {
      const valid = validateCreateSessionInput(input);
      const idempotencyKey = valid.idempotencyKey ?? globalThis.crypto.randomUUID();
      // Serialised exactly once: every attempt hashes, signs and sends these same bytes.
      const payload = bodyBytes(toWire(valid) as unknown as Record<string, unknown>);
      const { signal } = callOptions;
      let last: Extract<AttemptResult, { kind: 'retry' }> | undefined;
      for (let n = 0; n <= maxRetries; n++) {
        if (n > 0) {
          // Exponential backoff with "equal jitter": never zero, never above MAX_BACKOFF_MS.
          const ceiling = Math.min(MAX_BACKOFF_MS, retryDelayMs * 2 ** (n - 1));
          await sleep(ceiling / 2 + Math.random() * (ceiling / 2), signal);
        }
        if (signal?.aborted) throw signal.reason;
        const result = await attempt(payload, idempotencyKey, signal);
        if (result.kind === 'done') return result.session;
        last = result;
      }
      throw new IngoUnavailableError({
        reason: last?.reason ?? 'network',
        attempts: maxRetries + 1,
        url,
        ...(last?.httpStatus === undefined ? {} : { httpStatus: last.httpStatus }),
        cause: last?.cause,
      });
    },
  };
  secrets.set(client, secret);
  return Object.freeze(client);
}
