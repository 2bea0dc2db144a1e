/**
 * The customer's webhook endpoint: receives Ingo's webhooks so that no event (above all, no
 * account token) is lost.
 *
 * Ingo counts a delivery as done on any 2xx within 10 s and retries otherwise, possibly more
 * than once, with the same `metadata.id` (WEBHOOKS.md §2). So this handler answers 2xx only after
 * `onEvent` resolved (a crash or a failure means Ingo retries, not a lost event), deduplicates by
 * `metadata.id` through a store shared by all processes (a retry after success runs nothing), and
 * releases the claim when `onEvent` fails or runs out of time (the retry runs it again).
 *
 * Authenticity: Ingo documents its sender addresses, and that an `X-Ingo-Signature` header exists,
 * but not how it is computed. Hence the IP allowlist, plus a pluggable signature check that stays
 * off (or log-only) until Ingo confirms its scheme.
 */
import { IngoConfigError, IngoServerError } from './errors.js';
import { errorResponse, isJsonContentType, jsonResponse, readLimited } from './http.js';
import { type NodeHandler, toNodeHandler } from './node.js';
import type { ParticipantIdReader } from './participant-id.js';
import {
  addressFromHeader,
  INGO_WEBHOOK_IPS,
  invalidRanges,
  ipMatcher,
  LOOPBACK_RANGES,
  parseIp,
} from './webhook-ip.js';
import type { WebhookBeginResult, WebhookStore } from './webhook-store.js';
import { parseWebhookEvent, type WebhookEvent } from './webhook-topics.js';

/**
 * - `off`: the signature is not checked (the default without `verifySignature`);
 * - `logOnly`: checked, failures reported to `onError`, the delivery accepted anyway;
 * - `enforce`: a delivery that fails the check is answered 401 and never reaches `onEvent`
 *   (the default with `verifySignature`).
 */
export type WebhookSignatureMode = 'off' | 'logOnly' | 'enforce';

/**
 * Which senders are accepted: Ingo's documented addresses for `sandbox` or `production`
 * ({@link INGO_WEBHOOK_IPS}), this machine only (`local`), your own list of addresses and CIDR
 * ranges, or anyone (`false`: only with a signature check you trust, or in development).
 */
export type WebhookIpAllowlist = 'sandbox' | 'production' | 'local' | readonly string[] | false;

/** Headers a proxy of yours may set to the client's address. Any other header name works too. */
export type TrustedProxyHeader =
  | 'x-forwarded-for'
  | 'forwarded'
  | 'x-real-ip'
  | 'cf-connecting-ip'
  | 'true-client-ip'
  | 'fly-client-ip'
  | (string & {});

/** What a signature check sees: the request's headers and the exact bytes received. */
export interface WebhookSignatureInput {
  headers: Headers;
  /** The raw body, before any parsing. */
  rawBody: Uint8Array;
}

/** True when the signature is valid. Throwing counts as a failed check (and is reported). */
export type WebhookSignatureVerifier = (input: WebhookSignatureInput) => boolean | Promise<boolean>;

/** What `onEvent` receives for one delivery. */
export interface WebhookDelivery {
  /** Check `event.known` first, then switch on `event.topic`. */
  event: WebhookEvent;
  /**
   * The signed-in user the session was created for, read back from
   * `event.ancillary.participantUniqueId1` through the `identity` option. Undefined without
   * `identity`, or when that id is not one the session handler sealed.
   */
  subject: string | undefined;
  /** The request; its body was already read (use `event.raw`). */
  request: Request;
  /** Aborted when the time budget runs out: the answer was 503 and Ingo will retry. */
  signal: AbortSignal;
  /** `unchecked` with `signatureMode: 'off'`; `failed` is only ever seen in `logOnly` mode. */
  signature: 'verified' | 'failed' | 'unchecked';
  /** The sender's address as the allowlist saw it; undefined when none was known. */
  remoteAddress: string | undefined;
}

/** What the handler may be called with besides the request. */
export interface WebhookRequestContext {
  /**
   * The peer address of the connection, e.g. `203.0.113.7` or `::ffff:203.0.113.7`.
   * `toNodeHandler()` passes the socket's; elsewhere pass your platform's (Deno:
   * `info.remoteAddr.hostname`, Bun: `server.requestIP(request)?.address`). Ignored when
   * `trustProxyHeader` is set.
   */
  remoteAddress?: string | undefined;
}

export interface WebhookHandlerOptions {
  /**
   * Processes one event. Resolve only once it is safely recorded (the answer to Ingo waits for
   * it); throw to make Ingo retry. Keep it short, under `onEventTimeoutMs`: write the event to
   * your database or queue and do the rest asynchronously. It may run more than once for one
   * event (after a timeout, or a crash before the store recorded it): make it idempotent, e.g.
   * an upsert keyed by `event.id`.
   */
  onEvent: (delivery: WebhookDelivery) => void | Promise<void>;
  /** Deduplication by `metadata.id`; `createMemoryWebhookStore()` for tests, see the README. */
  store: WebhookStore;
  /** Required: choose the senders to accept, or `false` knowingly. */
  ipAllowlist: WebhookIpAllowlist;
  /**
   * Read the client address from this header, set by a proxy you control, instead of
   * `context.remoteAddress`. Only when every request passes through that proxy, which must
   * overwrite (or, for `x-forwarded-for` and `forwarded`, append to) the header: a client can
   * send any header it likes.
   */
  trustProxyHeader?: TrustedProxyHeader;
  /**
   * With `x-forwarded-for` or `forwarded`: how many proxies of yours append to the header. The
   * entry this many places from the right is used. Default 1 (the right-most).
   */
  trustedProxyHops?: number;
  /** Checks `X-Ingo-Signature` (or whatever Ingo confirms), e.g. `hmacSignatureVerifier(…)`. */
  verifySignature?: WebhookSignatureVerifier;
  /** Default: `enforce` with `verifySignature`, `off` without. */
  signatureMode?: WebhookSignatureMode;
  /**
   * Maps `participant_unique_id1` back to the user: the session handler itself (it has
   * `subjectOf`), or `createParticipantIdReader({ secret | client })` in another process.
   */
  identity?: ParticipantIdReader;
  /** Largest accepted body, in bytes. Default 262 144 (256 KiB). */
  maxBodyBytes?: number;
  /**
   * Time from the request's arrival until `onEvent` must have resolved, in milliseconds. Past it
   * the answer is 503 and the claim released, so that Ingo retries. Default 8 000, at most 8 500:
   * Ingo waits 10 s for an answer, and the store gets up to 1 s more to record the outcome.
   */
  onEventTimeoutMs?: number;
  /**
   * Called with every refused or failed delivery and every problem worth a log line (a failed
   * signature in `logOnly` mode, a malformed known event). Defaults to `console.error`.
   */
  onError?: (error: IngoWebhookError, request: Request) => void;
}

/** A Fetch-API handler, plus an adapter for Node's `http`, Express and Connect. */
export interface WebhookHandler {
  (request: Request, context?: WebhookRequestContext): Promise<Response>;
  /**
   * The same handler as `(req, res, next?)` middleware. Passes the socket's address as
   * `remoteAddress`. Needs the raw body: mount it before `express.json()`, or give its route
   * `express.raw({ type: 'application/json' })`.
   */
  toNodeHandler(): NodeHandler;
}

/** Why a delivery was refused, failed, or is worth a log line. */
export type WebhookFailureReason =
  /** The sender's address is not in `ipAllowlist`. */
  | 'ip_not_allowed'
  /** No sender address was known (or it was not an IP address) while an allowlist is on. */
  | 'client_ip_unknown'
  | 'unsupported_media_type'
  | 'payload_too_large'
  /** The signature check returned false. */
  | 'invalid_signature'
  /** The signature check threw. */
  | 'signature_check_failed'
  /** Not UTF-8 JSON, or no `metadata.topic` / `metadata.id`. */
  | 'malformed_body'
  /** A known topic without a field its type requires; delivered as `known: false`. */
  | 'invalid_event'
  /** `identity.subjectOf` threw. */
  | 'identity_failed'
  /** `onEvent` threw or rejected. */
  | 'event_handler_failed'
  /** `onEvent` did not resolve within `onEventTimeoutMs`. */
  | 'event_handler_timeout'
  /** The store threw, answered something else, or did not answer in time. */
  | 'store_failed';

/** Reported to `onError`: what went wrong with one delivery, and what was answered. */
export class IngoWebhookError extends IngoServerError {
  override readonly name = 'IngoWebhookError';
  readonly reason: WebhookFailureReason;
  /** The status answered because of this; undefined when the delivery went on (or was answered before). */
  readonly httpStatus: number | undefined;
  /** `metadata.id`, once the body was read. */
  readonly eventId: string | undefined;
  readonly topic: string | undefined;
  readonly remoteAddress: string | undefined;

  constructor(init: {
    reason: WebhookFailureReason;
    message: string;
    httpStatus?: number | undefined;
    eventId?: string | undefined;
    topic?: string | undefined;
    remoteAddress?: string | undefined;
    cause?: unknown;
  }) {
    super('webhook_failed', init.message, { cause: init.cause });
    this.reason = init.reason;
    this.httpStatus = init.httpStatus;
    this.eventId = init.eventId;
    this.topic = init.topic;
    this.remoteAddress = init.remoteAddress;
  }
}

const SIGNATURE_MODES: ReadonlySet<string> = new Set(['off', 'logOnly', 'enforce']);
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const LIST_HEADERS: ReadonlySet<string> = new Set(['x-forwarded-for', 'forwarded']);
/** Extra time the store gets to record an outcome after the budget. */
const STORE_GRACE_MS = 1_000;
const MAX_TIMEOUT_MS = 8_500;

type Timed<T> = { done: true; value: T } | { done: false };

/** Settles with the promise, or with `{ done: false }` after `ms`; a rejection is thrown. */
async function within<T>(promise: Promise<T>, ms: number): Promise<Timed<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Timed<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), Math.max(0, ms));
  });
  try {
    return await Promise.race([
      promise.then((value): Timed<T> => ({ done: true, value })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function clip(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

function defaultOnError(error: IngoWebhookError): void {
  console.error('[@ingo-embed/server] webhook:', error);
}

function checkInteger(name: string, value: unknown, min: number, max: number, why = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new IngoConfigError(
      `createWebhookHandler: ${name} must be an integer from ${min} to ${max}${why}, not ${String(value)}.`,
    );
  }
  return value;
}

function allowlistOf(value: unknown): ((address: Uint8Array) => boolean) | undefined {
  if (value === false) return undefined;
  if (value === 'sandbox' || value === 'production') return ipMatcher(INGO_WEBHOOK_IPS[value]);
  if (value === 'local') return ipMatcher(LOOPBACK_RANGES);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw new IngoConfigError(
        'createWebhookHandler: ipAllowlist is an empty list, which would refuse every delivery. ' +
          "List addresses or ranges, use 'sandbox' / 'production' / 'local', or false.",
      );
    }
    const invalid = invalidRanges(value);
    if (invalid.length > 0) {
      throw new IngoConfigError(
        `createWebhookHandler: ipAllowlist has entries that are not IP addresses or CIDR ranges: ${invalid
          .map((entry) => JSON.stringify(typeof entry === 'string' ? clip(entry, 40) : entry))
          .join(', ')}.`,
      );
    }
    return ipMatcher(value);
  }
  throw new IngoConfigError(
    'createWebhookHandler: ipAllowlist is required: ' +
      "'production' or 'sandbox' (Ingo's documented sender addresses), 'local' (this machine, " +
      'for the emulator), a list of addresses or CIDR ranges, or false to accept any sender ' +
      '(only with a signature check, or in development).',
  );
}

/** Creates the webhook endpoint. Throws {@link IngoConfigError} for bad options. */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const { onEvent, store, identity, verifySignature } = options ?? ({} as WebhookHandlerOptions);
  if (typeof onEvent !== 'function') {
    throw new IngoConfigError(
      'createWebhookHandler: onEvent({ event, subject }) is required; it records the event ' +
        '(e.g. stores the account token) and resolves when that is done.',
    );
  }
  if (
    !store ||
    typeof store.begin !== 'function' ||
    typeof store.complete !== 'function' ||
    typeof store.release !== 'function'
  ) {
    throw new IngoConfigError(
      'createWebhookHandler: store must have begin(id, { leaseMs }), complete(id) and release(id) ' +
        '(see the README for PostgreSQL and Redis versions; createMemoryWebhookStore() for tests).',
    );
  }
  const allowed = allowlistOf(options.ipAllowlist);

  const proxyHeader = options.trustProxyHeader?.toLowerCase();
  if (proxyHeader !== undefined && !HEADER_NAME.test(proxyHeader)) {
    throw new IngoConfigError(
      'createWebhookHandler: trustProxyHeader must be a header name such as "x-forwarded-for".',
    );
  }
  if (
    options.trustedProxyHops !== undefined &&
    (proxyHeader === undefined || !LIST_HEADERS.has(proxyHeader))
  ) {
    throw new IngoConfigError(
      'createWebhookHandler: trustedProxyHops only applies with trustProxyHeader ' +
        '"x-forwarded-for" or "forwarded".',
    );
  }
  const hops = checkInteger('trustedProxyHops', options.trustedProxyHops ?? 1, 1, 10);

  if (verifySignature !== undefined && typeof verifySignature !== 'function') {
    throw new IngoConfigError(
      'createWebhookHandler: verifySignature must be a function ({ headers, rawBody }) => boolean, ' +
        'e.g. hmacSignatureVerifier({ secret }).',
    );
  }
  const signatureMode: WebhookSignatureMode =
    options.signatureMode ?? (verifySignature ? 'enforce' : 'off');
  if (!SIGNATURE_MODES.has(signatureMode)) {
    throw new IngoConfigError(
      `createWebhookHandler: signatureMode must be 'off', 'logOnly' or 'enforce', not ${JSON.stringify(signatureMode)}.`,
    );
  }
  if (signatureMode !== 'off' && !verifySignature) {
    throw new IngoConfigError(
      `createWebhookHandler: signatureMode '${signatureMode}' needs verifySignature, e.g. ` +
        'hmacSignatureVerifier({ secret }).',
    );
  }
  if (identity !== undefined && typeof identity?.subjectOf !== 'function') {
    throw new IngoConfigError(
      'createWebhookHandler: identity must have subjectOf(participantUniqueId1): pass the session ' +
        'handler, or createParticipantIdReader({ secret | client }).',
    );
  }
  const maxBodyBytes = checkInteger(
    'maxBodyBytes',
    options.maxBodyBytes ?? 256 * 1024,
    1024,
    16 * 1024 * 1024,
  );
  const timeoutMs = checkInteger(
    'onEventTimeoutMs',
    options.onEventTimeoutMs ?? 8_000,
    1,
    MAX_TIMEOUT_MS,
    ' (Ingo waits 10 s for an answer; keep onEvent short and enqueue the work)',
  );
  // Outlives a normal run, so that only a crashed holder's claim ever expires.
  const leaseMs = timeoutMs + STORE_GRACE_MS + 5_000;
  const retryAfter = String(Math.ceil((timeoutMs + STORE_GRACE_MS) / 1000));
  const onError = options.onError ?? defaultOnError;

  const report = (error: IngoWebhookError, request: Request) => {
    try {
      onError(error, request);
    } catch {
      // A failing logger must not turn an answer into a crash.
    }
  };

  /** The sender's address as text, or a message saying why there is none. */
  function senderOf(
    request: Request,
    context: WebhookRequestContext,
  ): { address: string } | { missing: string } {
    if (proxyHeader !== undefined) {
      const address = addressFromHeader(request.headers, proxyHeader, hops);
      if (address !== undefined) return { address };
      return {
        missing:
          `The request has no usable ${proxyHeader} header` +
          (LIST_HEADERS.has(proxyHeader) ? ` (or fewer than ${hops} entries)` : '') +
          ', so its sender cannot be checked against ipAllowlist. Check that your proxy sets ' +
          'it, or fix trustProxyHeader / trustedProxyHops.',
      };
    }
    const address = context.remoteAddress;
    if (typeof address === 'string' && address !== '') return { address };
    return {
      missing:
        'The sender address is unknown, so it cannot be checked against ipAllowlist. Call the ' +
        'handler as handler(request, { remoteAddress }) with the connection’s peer address ' +
        '(toNodeHandler() does this), or, behind a proxy you control, set trustProxyHeader ' +
        '(e.g. "x-forwarded-for"). Or set ipAllowlist: false and rely on a signature check.',
    };
  }

  async function handle(request: Request, context: WebhookRequestContext = {}): Promise<Response> {
    const deadline = Date.now() + timeoutMs;
    if (request.method !== 'POST') {
      return errorResponse(405, 'method_not_allowed', 'Use POST for this endpoint.', {
        allow: 'POST',
      });
    }

    const sender = senderOf(request, context ?? {});
    const remoteAddress = 'address' in sender ? sender.address : undefined;
    const refuse = (
      status: number,
      code: string,
      message: string,
      failure: Omit<ConstructorParameters<typeof IngoWebhookError>[0], 'httpStatus'>,
      headers?: Record<string, string>,
    ) => {
      report(new IngoWebhookError({ remoteAddress, ...failure, httpStatus: status }), request);
      return errorResponse(status, code, message, headers);
    };

    if (allowed) {
      const bytes = remoteAddress === undefined ? undefined : parseIp(remoteAddress);
      if (!bytes || !allowed(bytes)) {
        return refuse(403, 'forbidden', 'This endpoint accepts webhooks from Ingo only.', {
          reason: bytes ? 'ip_not_allowed' : 'client_ip_unknown',
          message:
            'missing' in sender
              ? sender.missing
              : bytes
                ? `Refused a delivery from ${clip(sender.address)}, which ipAllowlist does not ` +
                  'list. If it is Ingo, check its current sender addresses; if a proxy of yours ' +
                  'forwards requests, set trustProxyHeader so that the client address is used.'
                : `The sender address ${JSON.stringify(clip(sender.address))} is not an IP ` +
                  'address; check trustProxyHeader and what your proxy writes there.',
        });
      }
    }

    if (!isJsonContentType(request.headers.get('content-type'))) {
      return refuse(
        415,
        'unsupported_media_type',
        'Send the body as JSON with "Content-Type: application/json".',
        {
          reason: 'unsupported_media_type',
          message: `Refused a delivery with Content-Type ${JSON.stringify(
            clip(request.headers.get('content-type') ?? '(none)'),
          )}; Ingo sends application/json.`,
        },
      );
    }
    const rawBody = await readLimited(request, maxBodyBytes);
    if (!rawBody) {
      return refuse(
        413,
        'payload_too_large',
        `Request body is larger than the ${maxBodyBytes}-byte limit of this endpoint.`,
        {
          reason: 'payload_too_large',
          message: `Refused a body over maxBodyBytes (${maxBodyBytes}); raise it if Ingo's events are this large.`,
        },
      );
    }

    let signature: WebhookDelivery['signature'] = 'unchecked';
    if (signatureMode !== 'off' && verifySignature) {
      let valid = false;
      let thrown: { error: unknown } | undefined;
      try {
        valid =
          (await verifySignature({ headers: request.headers, rawBody: rawBody.slice() })) === true;
      } catch (error) {
        thrown = { error };
      }
      signature = valid ? 'verified' : 'failed';
      if (!valid) {
        const failure = {
          reason: thrown ? ('signature_check_failed' as const) : ('invalid_signature' as const),
          message: thrown
            ? 'verifySignature threw; the delivery counts as unsigned.'
            : 'The webhook signature did not verify' +
              (signatureMode === 'logOnly' ? ' (logOnly mode: the delivery was accepted).' : '.'),
          ...(thrown ? { cause: thrown.error } : {}),
        };
        if (signatureMode === 'enforce') {
          return refuse(401, 'invalid_signature', 'The webhook signature did not verify.', failure);
        }
        report(new IngoWebhookError({ ...failure, remoteAddress }), request);
      }
    }

    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
    } catch (error) {
      return refuse(400, 'malformed_json', 'The body is not valid UTF-8 JSON.', {
        reason: 'malformed_body',
        message: 'Refused a body that is not valid UTF-8 JSON (Ingo will retry it).',
        cause: error,
      });
    }
    const parsed = parseWebhookEvent(body);
    if (!parsed.ok) {
      return refuse(400, 'invalid_envelope', parsed.message, {
        reason: 'malformed_body',
        message: `${parsed.message} Refused (Ingo will retry it).`,
      });
    }
    const { event } = parsed;
    const about = { eventId: event.id, topic: event.topic, remoteAddress };
    if (!event.known && event.problem !== undefined) {
      report(
        new IngoWebhookError({
          ...about,
          reason: 'invalid_event',
          message: `Event ${event.id} (${event.topic}): ${event.problem}; delivered as known: false.`,
        }),
        request,
      );
    }

    let subject: string | undefined;
    const participantUniqueId1 = event.ancillary.participantUniqueId1;
    if (identity && participantUniqueId1 !== undefined) {
      try {
        subject = await identity.subjectOf(participantUniqueId1);
      } catch (error) {
        return refuse(500, 'processing_failed', 'The event could not be processed.', {
          ...about,
          reason: 'identity_failed',
          message: `identity.subjectOf threw for event ${event.id}; answered 500 so that Ingo retries.`,
          cause: error,
        });
      }
    }

    const storeFailed = (error: unknown, what: string) =>
      refuse(
        503,
        'store_unavailable',
        'The event could not be recorded. Try again later.',
        {
          ...about,
          reason: 'store_failed',
          message: `store.begin ${what} for event ${event.id}; answered 503 so that Ingo retries.`,
          ...(error === undefined ? {} : { cause: error }),
        },
        { 'retry-after': retryAfter },
      );
    const claim = Promise.resolve().then(() => store.begin(event.id, { leaseMs }));
    let began: Timed<WebhookBeginResult>;
    try {
      began = await within(claim, deadline - Date.now());
    } catch (error) {
      return storeFailed(error, 'threw');
    }
    if (!began.done) {
      // Should the claim still succeed, give it back at once rather than at the lease's end.
      claim
        .then((result) => (result === 'new' ? store.release(event.id) : undefined))
        .catch(() => undefined);
      return storeFailed(undefined, 'did not answer in time');
    }
    if (began.value === 'done') return jsonResponse(200, { ok: true });
    if (began.value === 'in_progress') {
      return errorResponse(
        409,
        'in_progress',
        'This event is being processed by an earlier delivery. Try again later.',
        { 'retry-after': retryAfter },
      );
    }
    if (began.value !== 'new') {
      return storeFailed(
        undefined,
        `answered ${JSON.stringify(began.value)}, not 'new', 'done' or 'in_progress'`,
      );
    }

    const settle = async (what: 'complete' | 'release') => {
      try {
        const done = await within(
          Promise.resolve().then(() => store[what](event.id)),
          Math.max(deadline - Date.now(), 0) + STORE_GRACE_MS,
        );
        if (!done.done) throw new Error(`store.${what} did not answer in time`);
      } catch (error) {
        report(
          new IngoWebhookError({
            ...about,
            reason: 'store_failed',
            message:
              what === 'complete'
                ? `store.complete failed for event ${event.id}, which was processed: a retry ` +
                  'after the claim expires would run onEvent again.'
                : `store.release failed for event ${event.id}: Ingo's retries are answered 409 ` +
                  'until the claim expires.',
            cause: error,
          }),
          request,
        );
      }
    };

    const controller = new AbortController();
    const running = Promise.resolve().then(() =>
      onEvent({ event, subject, request, signal: controller.signal, signature, remoteAddress }),
    );
    let outcome: Timed<void>;
    try {
      outcome = await within(running, deadline - Date.now());
    } catch (error) {
      await settle('release');
      return refuse(500, 'processing_failed', 'The event could not be processed.', {
        ...about,
        reason: 'event_handler_failed',
        message: `onEvent failed for event ${event.id} (${event.topic}); answered 500 so that Ingo retries.`,
        cause: error,
      });
    }
    if (!outcome.done) {
      const timeout = new IngoWebhookError({
        ...about,
        reason: 'event_handler_timeout',
        httpStatus: 503,
        message:
          `onEvent took longer than onEventTimeoutMs (${timeoutMs} ms) for event ${event.id} ` +
          `(${event.topic}); answered 503 so that Ingo retries. Keep onEvent short: record the ` +
          'event and process it asynchronously.',
      });
      controller.abort(timeout);
      running.catch((error: unknown) => {
        if (error === timeout) return;
        report(
          new IngoWebhookError({
            ...about,
            reason: 'event_handler_failed',
            message: `onEvent failed for event ${event.id} after its time budget (already answered 503).`,
            cause: error,
          }),
          request,
        );
      });
      await settle('release');
      report(timeout, request);
      return errorResponse(
        503,
        'processing_timeout',
        'The event took too long to process. Try again later.',
        { 'retry-after': retryAfter },
      );
    }
    await settle('complete');
    return jsonResponse(200, { ok: true });
  }

  const handler = handle as WebhookHandler;
  handler.toNodeHandler = () =>
    toNodeHandler((request, { remoteAddress }) => handle(request, { remoteAddress }), {
      maxBodyBytes,
      requireRawBody: true,
    });
  return handler;
}

export interface HmacSignatureVerifierOptions {
  /** The shared secret; several during a rotation (any one verifying is enough). */
  secret: string | readonly string[];
  /** Header carrying the signature. Default `x-ingo-signature`. */
  header?: string;
  /** Default `SHA-512`. */
  hash?: 'SHA-512' | 'SHA-256';
  /** How the header encodes the MAC. Default `base64`. */
  encoding?: 'base64' | 'hex';
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEX = /^[0-9a-fA-F]+$/;

function decodeSignature(value: string, encoding: 'base64' | 'hex'): Uint8Array | undefined {
  if (encoding === 'hex') {
    if (value.length % 2 !== 0 || !HEX.test(value)) return undefined;
    return Uint8Array.from(value.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  }
  if (value.length % 4 !== 0 || !BASE64.test(value)) return undefined;
  try {
    return Uint8Array.from(atob(value), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * A signature check for `base64|hex(HMAC-SHA-512|256(secret, raw body))` in one header: the
 * scheme of the local emulator (`X-Ingo-Signature: base64(HMAC-SHA512(secret, body))`), and a
 * guess at Ingo's, which Ingo does not document. Compares in constant time (Web Crypto's
 * `verify`). Throws {@link IngoConfigError} for bad options.
 */
export function hmacSignatureVerifier(
  options: HmacSignatureVerifierOptions,
): WebhookSignatureVerifier {
  const {
    secret,
    header = 'x-ingo-signature',
    hash = 'SHA-512',
    encoding = 'base64',
  } = options ?? ({} as HmacSignatureVerifierOptions);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (
    !Array.isArray(secrets) ||
    secrets.length === 0 ||
    !secrets.every((item) => typeof item === 'string' && item !== '')
  ) {
    throw new IngoConfigError(
      'hmacSignatureVerifier: secret must be a non-empty string (or a list of them during a rotation).',
    );
  }
  if (hash !== 'SHA-512' && hash !== 'SHA-256') {
    throw new IngoConfigError("hmacSignatureVerifier: hash must be 'SHA-512' or 'SHA-256'.");
  }
  if (encoding !== 'base64' && encoding !== 'hex') {
    throw new IngoConfigError("hmacSignatureVerifier: encoding must be 'base64' or 'hex'.");
  }
  if (typeof header !== 'string' || !HEADER_NAME.test(header.toLowerCase())) {
    throw new IngoConfigError('hmacSignatureVerifier: header must be a header name.');
  }
  const encoder = new TextEncoder();
  let keys: Promise<CryptoKey[]> | undefined;
  const importKeys = () => {
    keys ??= Promise.all(
      secrets.map((item) =>
        globalThis.crypto.subtle.importKey(
          'raw',
          encoder.encode(item),
          { name: 'HMAC', hash },
          false,
          ['verify'],
        ),
      ),
    );
    return keys;
  };
  return async ({ headers, rawBody }) => {
    const value = headers.get(header)?.trim();
    if (!value) return false;
    const mac = decodeSignature(value, encoding);
    if (!mac) return false;
    for (const key of await importKeys()) {
      const valid = await globalThis.crypto.subtle.verify(
        'HMAC',
        key,
        mac as Uint8Array<ArrayBuffer>,
        rawBody as Uint8Array<ArrayBuffer>,
      );
      if (valid) return true;
    }
    return false;
  };
}
