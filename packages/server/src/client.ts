/**
 * The client: Session Create (validation, signing, a timeout per attempt, and safe retries that
 * reuse one Idempotency-Key) and IngoPay push/pull (see ingopay-client.ts). Depends only on Web
 * Crypto and `fetch`.
 */
import {
  IngoApiError,
  IngoConfigError,
  IngoIdempotencyMismatchError,
  IngoUnavailableError,
  type UnavailableReason,
} from './errors.js';
import {
  authenticationError,
  baseString,
  type FetchLike,
  type IngoEnvironment,
  ingoMessageOf,
  parseJsonObject,
  parseStatus,
  resolveBaseUrl,
  sendSignedOnce,
  sleep,
} from './ingo-http.js';
import type {
  IngoPayCallOptions,
  PullFundsInput,
  PullResult,
  PushFundsInput,
  PushResult,
} from './ingopay.js';
import { createIngoPay, type IngoPaySettings } from './ingopay-client.js';
import {
  type CreateSessionInput,
  fromWire,
  type IngoSession,
  toWire,
  validateCreateSessionInput,
} from './session.js';
import { bodyBytes, type SignedHeaderName, type SigningAlgorithm } from './signing.js';

export type { FetchLike, IngoEnvironment } from './ingo-http.js';

/** Base URLs of Ingo's Session Management API. */
export const INGO_SESSION_API_URLS: Readonly<Record<IngoEnvironment, string>> = {
  sandbox: 'https://iip-session-management-uat.ingo.money',
  production: 'https://iip-session-management.ingo.money',
};

/** Base URLs of Ingo's IngoPay API (push `/gateway/process`, pull `/gateway/v12/debit/process`). */
export const INGOPAY_API_URLS: Readonly<Record<IngoEnvironment, string>> = {
  sandbox: 'https://payapi-sandbox.ingo.money',
  production: 'https://payapi.ingo.money',
};

export const SESSION_CREATE_PATH = '/api/v1/sessions/point-in-time/plugin';

/** Retry settings of `pushFunds` and `pullFunds`; see the README for the policy. */
export interface IngoPayOptions {
  /**
   * Per attempt, reading the answer included. Default 75 000: Ingo waits up to 60 s for a payment
   * network before it answers with a stand-in, so a shorter timeout cuts off real answers.
   */
  timeoutMs?: number;
  /** Requests per call at most, the first included. Default 5. */
  maxAttempts?: number;
  /** Wait before the first replay, and the least wait before any replay. Default 4 000 (Ingo: 3–4 s). */
  firstRetryDelayMs?: number;
  /** Cap of the exponentially growing (×2, jittered) wait between replays. Default 30 000. */
  maxRetryDelayMs?: number;
  /** Requests this client starts per second at most, push and pull together. Default 5 (Ingo's limit). */
  maxRequestsPerSecond?: number;
}

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
  /** Session Create: per-attempt timeout in milliseconds, response body included. Default 10 000. */
  timeoutMs?: number;
  /** Session Create: extra attempts after a network error, a timeout or a 5xx (never after a 4xx). Default 2, max 10. */
  maxRetries?: number;
  /** Session Create: base of the exponential backoff between attempts, in milliseconds. Default 250. */
  retryDelayMs?: number;
  /** `hmac-sha512` (default) or Ingo's legacy `hmac-sha256`; see the README. */
  algorithm?: SigningAlgorithm;
  /**
   * Order of the signed headers, for every call. Unset: the Session Create page's order for
   * Session Create, IngoPay's documented order for pushFunds/pullFunds.
   */
  signedHeaders?: readonly SignedHeaderName[];
  /**
   * Your numeric Ingo participant id (a number or a string of digits). Needed only by pushFunds
   * and pullFunds, which put it in the body.
   */
  participantId?: number | string;
  /** Overrides the IngoPay base URL, e.g. `http://127.0.0.1:4010` for the local emulator. */
  ingoPayApiUrl?: string;
  /** Timeouts, retries and throttling of pushFunds/pullFunds. */
  ingoPay?: IngoPayOptions;
}

export interface CreateSessionOptions {
  /** Aborts the call, including any backoff wait; the abort reason is thrown as is. */
  signal?: AbortSignal;
}

export interface IngoClient {
  readonly environment: IngoEnvironment;
  /** The base URL Session Create requests go to. */
  readonly sessionApiUrl: string;
  /** The base URL IngoPay requests go to. */
  readonly ingoPayApiUrl: string;
  /**
   * Validates `input` (every bad field reported at once), then calls Ingo's Session Create.
   * Resolves with the session, `idempotent: true` when Ingo re-authorized an existing one (101).
   */
  createSession(input: CreateSessionInput, options?: CreateSessionOptions): Promise<IngoSession>;
  /**
   * Pays out (IngoPay push, `POST /gateway/process`) to the account behind a token. Resolves with
   * ONE outcome: `succeeded`, `pending`, `failed` or `assumed_succeeded`; throws only for bad
   * input or configuration, refused authentication, an unexpected HTTP error, or when Ingo could
   * never be reached (nothing was sent).
   */
  pushFunds(input: PushFundsInput, options?: IngoPayCallOptions): Promise<PushResult>;
  /**
   * Collects (IngoPay pull, `POST /gateway/v12/debit/process`) from the account behind a token.
   * Resolves with `succeeded`, `pending`, `failed` or `assumed_failed`; throws like pushFunds.
   */
  pullFunds(input: PullFundsInput, options?: IngoPayCallOptions): Promise<PullResult>;
}

/** Upper bound of a single backoff wait, whatever `retryDelayMs` and the attempt number. */
const MAX_BACKOFF_MS = 5_000;

// The secret is kept here rather than on the client object, so that it cannot be read (or
// accidentally serialised) from the client; the session handler derives its keys from it. One
// map per process, not per module instance: bundlers such as Next.js's load this package once
// per route and again for server components, and a client made by one copy (say, cached on
// globalThis) must still work with a session handler from another.
const SECRETS = Symbol.for('@ingo-embed/server/client-secrets');

function secrets(): WeakMap<object, string> {
  const registry = globalThis as { [SECRETS]?: WeakMap<object, string> };
  registry[SECRETS] ??= new WeakMap();
  return registry[SECRETS];
}

/** The secret of a client made by {@link createIngoClient}; undefined for any other object. */
export function clientSecret(client: object): string | undefined {
  return secrets().get(client);
}

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new IngoConfigError(
      `createIngoClient: ${name} must be an integer from ${min} to ${max}, not ${String(value)}.`,
    );
  }
  return value;
}

/** Canonical digits of the participant id; it must fit a JSON integer exactly (push sends one). */
function checkParticipantId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const digits =
    typeof value === 'number' && Number.isSafeInteger(value) && value > 0
      ? String(value)
      : typeof value === 'string' && /^[0-9]{1,15}$/.test(value.trim())
        ? value.trim().replace(/^0+(?=[0-9])/, '')
        : undefined;
  if (digits === undefined || digits === '0') {
    throw new IngoConfigError(
      'createIngoClient: participantId must be your numeric Ingo participant id, e.g. 12345 or ' +
        `"12345" (digits only), not ${typeof value === 'string' ? `"${value}"` : String(value)}.`,
    );
  }
  return digits;
}

const INGOPAY_OPTION_NAMES = new Set([
  'timeoutMs',
  'maxAttempts',
  'firstRetryDelayMs',
  'maxRetryDelayMs',
  'maxRequestsPerSecond',
]);

function checkIngoPayOptions(value: IngoPayOptions | undefined): IngoPaySettings {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new IngoConfigError('createIngoClient: ingoPay must be an object of retry settings.');
  }
  const options = value ?? {};
  for (const key of Object.keys(options)) {
    if (!INGOPAY_OPTION_NAMES.has(key)) {
      throw new IngoConfigError(
        `createIngoClient: ingoPay.${key} is not an option; use ${[...INGOPAY_OPTION_NAMES].join(', ')}.`,
      );
    }
  }
  const settings: IngoPaySettings = {
    timeoutMs: checkInteger('ingoPay.timeoutMs', options.timeoutMs ?? 75_000, 1, 600_000),
    maxAttempts: checkInteger('ingoPay.maxAttempts', options.maxAttempts ?? 5, 1, 20),
    firstRetryDelayMs: checkInteger(
      'ingoPay.firstRetryDelayMs',
      options.firstRetryDelayMs ?? 4_000,
      0,
      600_000,
    ),
    maxRetryDelayMs: checkInteger(
      'ingoPay.maxRetryDelayMs',
      options.maxRetryDelayMs ?? Math.max(30_000, options.firstRetryDelayMs ?? 0),
      0,
      3_600_000,
    ),
    maxRequestsPerSecond: checkInteger(
      'ingoPay.maxRequestsPerSecond',
      options.maxRequestsPerSecond ?? 5,
      1,
      1_000,
    ),
  };
  if (settings.maxRetryDelayMs < settings.firstRetryDelayMs) {
    throw new IngoConfigError(
      `createIngoClient: ingoPay.maxRetryDelayMs (${settings.maxRetryDelayMs}) must not be below ` +
        `ingoPay.firstRetryDelayMs (${settings.firstRetryDelayMs}).`,
    );
  }
  return settings;
}

type AttemptResult =
  | { kind: 'done'; session: IngoSession }
  | { kind: 'retry'; reason: UnavailableReason; httpStatus?: number; cause?: unknown };

/**
 * Creates a client for Ingo's Session Create and IngoPay push/pull. Throws {@link IngoConfigError}
 * for bad options.
 */
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
  const base = resolveBaseUrl(
    'sessionApiUrl',
    options.sessionApiUrl ?? INGO_SESSION_API_URLS[environment],
    environment,
    'recipient details are personal data',
  );
  // A base URL may carry a path prefix (a proxy); the signed path is the path actually requested.
  const sessionApiUrl = baseString(base);
  const path = `${base.pathname.replace(/\/+$/, '')}${SESSION_CREATE_PATH}`;
  const url = `${base.origin}${path}`;
  const ingoPayApiUrl = baseString(
    resolveBaseUrl(
      'ingoPayApiUrl',
      options.ingoPayApiUrl ?? INGOPAY_API_URLS[environment],
      environment,
      'account tokens and amounts must not travel in clear text',
    ),
  );
  const participantId = checkParticipantId(options.participantId);
  const ingoPaySettings = checkIngoPayOptions(options.ingoPay);
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
    const sent = await sendSignedOnce({
      fetch: fetchImpl,
      url,
      path,
      body: payload,
      username,
      secret,
      algorithm,
      signedHeaders,
      extraHeaders: { 'Idempotency-Key': idempotencyKey },
      timeoutMs,
      signal,
    });
    if (sent.kind === 'no_answer') {
      return { kind: 'retry', reason: sent.timedOut ? 'timeout' : 'network', cause: sent.error };
    }
    const { response, text } = sent;
    if (response.status >= 500) {
      return { kind: 'retry', reason: 'server_error', httpStatus: response.status };
    }
    const body = parseJsonObject(text);
    const ingoStatus = parseStatus(body?.status);
    const ingoMessage = ingoMessageOf(body, text);
    if (ingoStatus === 13723) throw new IngoIdempotencyMismatchError(idempotencyKey);
    if (response.status === 401 || response.status === 403 || ingoStatus === 402) {
      throw authenticationError({
        response,
        ingoMessage,
        environment,
        baseUrl: sessionApiUrl,
        username,
        timestampRejected: ingoStatus === 402,
      });
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

  const ingoPay = createIngoPay({
    fetch: fetchImpl,
    environment,
    baseUrl: ingoPayApiUrl,
    username,
    secret,
    algorithm,
    signedHeaders,
    participantId,
    settings: ingoPaySettings,
  });

  const client: IngoClient = {
    environment,
    sessionApiUrl,
    ingoPayApiUrl,
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
    pushFunds: ingoPay.pushFunds,
    pullFunds: ingoPay.pullFunds,
  };
  secrets().set(client, secret);
  return Object.freeze(client);
}
