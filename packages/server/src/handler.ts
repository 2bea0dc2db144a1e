/**
 * The customer's session endpoint: a Fetch-API handler implementing core's wire contract
 * (`{ idempotencyKey, destination }` in, `{ authorizedUrl, expiresAt, sessionId, sdkUrl? }` out).
 *
 * The browser only says *which* logical session it wants and where the money goes; *who* the
 * recipient is comes from the server's own notion of the signed-in user (`resolveSession`).
 */
import {
  FUNDING_DESTINATIONS,
  type FundingDestination,
  type InitialSession,
  type SessionResponse,
} from '@ingo-embed/core';
import { clientSecret, type IngoClient } from './client.js';
import {
  IngoApiError,
  IngoAuthenticationError,
  IngoConfigError,
  IngoIdempotencyMismatchError,
  IngoUnavailableError,
  IngoValidationError,
} from './errors.js';
import {
  errorResponse,
  isJsonContentType,
  jsonResponse,
  payloadTooLargeMessage,
  readLimited,
} from './http.js';
import { deriveUuid } from './keys.js';
import { type NodeHandler, toNodeHandler } from './node.js';
import { MAX_SEALED_SUBJECT_BYTES, participantIdCodec } from './participant-id.js';
import type { IngoLocale, Recipient } from './session.js';

/** What `resolveSession` knows about the signed-in user. */
export interface ResolvedSession {
  /**
   * A stable, unique id of the signed-in user (your user id, the `sub` of a token). Ingo's
   * idempotency key is derived from it, so one user's browser key never reaches another's session.
   */
  subject: string;
  /** The recipient's details, from your database, never from the browser. */
  recipient: Recipient;
  /**
   * Your id for this session (max 100); Ingo echoes it in its webhooks. When omitted, the
   * handler sends the subject sealed (encrypted and authenticated, see the README), which
   * `handler.subjectOf()` and `createWebhookHandler({ identity })` map back to the subject
   * without a lookup table. A subject longer than 43 UTF-8 bytes cannot be sealed: it gets a
   * one-way id instead, and mapping webhooks to users then needs your own table.
   */
  participantUniqueId1?: string;
  participantUniqueId2?: string;
  locale?: IngoLocale;
  /** Origin embedding the iFrame, e.g. `https://pay.example.com`; must be allow-listed by Ingo. */
  hostUri?: string;
}

/** What the handler already validated from the browser's body, and what its caller passed on. */
export interface SessionRequestContext<Locals = unknown> {
  destination: FundingDestination;
  /**
   * The second argument the handler was called with: what your framework already resolved for
   * this request (SvelteKit's `locals`, h3's `event.context`, Express's `req.user`…), or undefined.
   */
  locals: Locals | undefined;
}

/**
 * Looks up the signed-in user of `request` (cookie, session, bearer token…). Return `null` or
 * `undefined` when nobody is signed in (answered 401). Throw {@link SessionEndpointError} to
 * answer another status, e.g. 403 for a destination this user may not use.
 */
export type ResolveSession<Locals = unknown> = (
  request: Request,
  context: SessionRequestContext<Locals>,
) => ResolvedSession | null | undefined | Promise<ResolvedSession | null | undefined>;

export interface SessionHandlerOptions<Locals = unknown> {
  /**
   * A client from `createIngoClient` (only its `createSession` is used, so a wrapper that has
   * just that method works too, with `idempotencySecret`).
   */
  client: Pick<IngoClient, 'createSession'>;
  resolveSession: ResolveSession<Locals>;
  /** Returned to the browser as `sdkUrl`, telling it where to load Ingo's SDK script from. */
  sdkUrl?: string;
  /**
   * Secret keying the derived Ingo idempotency keys. Defaults to one derived from the client's
   * HMAC secret; required when `client` was not made by `createIngoClient`. Changing it makes
   * retries in flight create new sessions instead of re-authorizing the old ones.
   */
  idempotencySecret?: string;
  /** Largest accepted request body, in bytes. Default 4096 (a real body is under 100). */
  maxBodyBytes?: number;
  /**
   * Called with every failure the browser only sees as a generic 4xx/5xx (Ingo errors, your
   * `resolveSession` throwing), for your logs. Defaults to `console.error`. Never called with
   * the secret; the errors may contain Ingo's raw message, so keep them server-side.
   */
  onError?: (error: unknown, request: Request) => void;
}

/** What {@link SessionHandler.initialSession} needs besides the page's request. */
export interface InitialSessionOptions<Locals = unknown> {
  /** The destination the page's form is mounted with first. */
  destination: FundingDestination;
  /** Reaches `resolveSession` as `context.locals`, as the handler's second argument does. */
  locals?: Locals;
}

/**
 * A session created while the server rendered a page: hand it to the page's form as
 * `initialSession` (it is `@ingo-embed/core`'s `InitialSession`, plus `sessionId` and `sdkUrl`).
 * `idempotencyKey` is a new browser key, bound to the signed-in user like any key the browser
 * sends: the form re-authorizes this same session with it (through the endpoint) when the URL is
 * too old, and no other user's request can.
 */
export interface RenderedSession extends InitialSession {
  authorizedUrl: string;
  /** ISO-8601 UTC, as the endpoint answers it. */
  expiresAt: string;
  idempotencyKey: string;
  sessionId: string;
  sdkUrl?: string;
}

/** A Fetch-API handler, plus an adapter for Node's `http`, Express and Connect. */
export interface SessionHandler<Locals = unknown> {
  /** `locals` reaches `resolveSession` as `context.locals`. */
  (request: Request, locals?: Locals): Promise<Response>;
  /**
   * Creates a session for the signed-in user of `request` (the page being rendered, with its
   * cookies) while the page renders, so that the form mounts without asking: pass the result to
   * the form as `initialSession`. The same `resolveSession`, the same key derivation and the same
   * Ingo call as the endpoint, under a new browser key that is returned with the session.
   *
   * Never throws for a failure at run time: resolves `null` when nobody is signed in,
   * `resolveSession` refuses (a {@link SessionEndpointError}) or Ingo fails (reported to
   * `onError`), and the form then asks the endpoint as usual, which shows the failure. The page
   * that carries the session must not be cached or shared (`Cache-Control: private, no-store`).
   */
  initialSession(
    request: Request,
    options: InitialSessionOptions<Locals>,
  ): Promise<RenderedSession | null>;
  /** The same handler as `(req, res, next?)` middleware; reads the body with the same limit. */
  toNodeHandler(): NodeHandler;
  /**
   * The subject this handler sealed in a `participant_unique_id1` (e.g. from a webhook's
   * `data.ancillary`), or undefined when it did not seal that id: one `resolveSession` returned,
   * a subject too long to seal, another secret, or a forgery.
   */
  subjectOf(participantUniqueId1: string): Promise<string | undefined>;
}

/**
 * Throw from `resolveSession` to answer with this status, code and message. The message is
 * sent to the browser as is: keep it safe to show.
 */
export class SessionEndpointError extends Error {
  override readonly name = 'SessionEndpointError';
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new IngoConfigError(
        'SessionEndpointError: status must be an HTTP error status (400-599).',
      );
    }
    this.status = status;
    this.code = code;
  }
}

/** The browser's key: what core generates (a UUID) and a little more, nothing header-hostile. */
const BROWSER_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const BODY_FIELDS: ReadonlySet<string> = new Set(['idempotencyKey', 'destination']);
const DESTINATIONS: ReadonlySet<string> = new Set(FUNDING_DESTINATIONS);

type Parsed =
  | { ok: true; key: string; destination: FundingDestination }
  | { ok: false; response: Response };

function fail(status: number, code: string, message: string): Parsed {
  return { ok: false, response: errorResponse(status, code, message) };
}

async function parseBody(request: Request, maxBodyBytes: number): Promise<Parsed> {
  if (request.method !== 'POST') {
    return {
      ok: false,
      response: errorResponse(405, 'method_not_allowed', 'Use POST for this endpoint.', {
        allow: 'POST',
      }),
    };
  }
  if (!isJsonContentType(request.headers.get('content-type'))) {
    return fail(
      415,
      'unsupported_media_type',
      'Send the body as JSON with "Content-Type: application/json".',
    );
  }
  const bytes = await readLimited(request, maxBodyBytes);
  if (!bytes) return fail(413, 'payload_too_large', payloadTooLargeMessage(maxBodyBytes));
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return fail(
      400,
      'malformed_json',
      'The request body is not valid UTF-8 JSON; send { "idempotencyKey": "…", "destination": "…" }.',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(400, 'invalid_request', 'The request body must be a JSON object.');
  }
  const body = value as Record<string, unknown>;
  const unexpected = Object.keys(body).filter((key) => !BODY_FIELDS.has(key));
  if (unexpected.length > 0) {
    return fail(
      400,
      'unexpected_field',
      `Unexpected field${unexpected.length === 1 ? '' : 's'} ${unexpected
        .map((key) => JSON.stringify(key.slice(0, 40)))
        .join(', ')}: send only idempotencyKey and destination. Recipient details come from ` +
        'the server, never from the browser.',
    );
  }
  const key = body.idempotencyKey;
  if (typeof key !== 'string' || !BROWSER_KEY.test(key)) {
    return fail(
      400,
      'invalid_idempotency_key',
      'idempotencyKey must be a string of 8 to 128 letters, digits, ".", "_", ":" or "-" (a UUID works).',
    );
  }
  const destination = body.destination;
  if (typeof destination !== 'string' || !DESTINATIONS.has(destination)) {
    return fail(
      400,
      'invalid_destination',
      `destination must be one of ${FUNDING_DESTINATIONS.join(', ')}.`,
    );
  }
  return { ok: true, key, destination: destination as FundingDestination };
}

function checkResolved(value: unknown): ResolvedSession {
  const resolved = value as Partial<ResolvedSession> | null;
  if (
    typeof resolved !== 'object' ||
    resolved === null ||
    typeof resolved.subject !== 'string' ||
    resolved.subject === '' ||
    typeof resolved.recipient !== 'object' ||
    resolved.recipient === null
  ) {
    throw new IngoConfigError(
      'resolveSession must return { subject, recipient, … } for a signed-in user, or null when ' +
        'nobody is signed in; it returned something else.',
    );
  }
  return resolved as ResolvedSession;
}

function isAbsoluteUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function defaultOnError(error: unknown): void {
  console.error('[@ingo-embed/server] session request failed:', error);
}

/** Creates the session endpoint. Throws {@link IngoConfigError} for bad options. */
export function createSessionHandler<Locals = unknown>(
  options: SessionHandlerOptions<Locals>,
): SessionHandler<Locals> {
  const { client, resolveSession, sdkUrl } = options;
  if (!client || typeof client.createSession !== 'function') {
    throw new IngoConfigError('createSessionHandler: client must come from createIngoClient().');
  }
  if (typeof resolveSession !== 'function') {
    throw new IngoConfigError(
      'createSessionHandler: resolveSession(request) is required; it returns the signed-in ' +
        "user's { subject, recipient } or null.",
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? 4096;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 64) {
    throw new IngoConfigError(
      'createSessionHandler: maxBodyBytes must be an integer of at least 64.',
    );
  }
  if (
    sdkUrl !== undefined &&
    (typeof sdkUrl !== 'string' || !(sdkUrl.startsWith('/') || isAbsoluteUrl(sdkUrl)))
  ) {
    throw new IngoConfigError(
      'createSessionHandler: sdkUrl must be an absolute URL or a path starting with "/".',
    );
  }
  const secret = options.idempotencySecret ?? clientSecret(client);
  if (typeof secret !== 'string' || secret === '') {
    throw new IngoConfigError(
      'createSessionHandler: pass idempotencySecret (a server-side secret) when the client was ' +
        'not created by createIngoClient().',
    );
  }
  const keySecret: string = secret;
  const participantIds = participantIdCodec(keySecret);
  const onError = options.onError ?? defaultOnError;
  let warnedLongSubject = false;

  const report = (error: unknown, request: Request) => {
    try {
      onError(error, request);
    } catch {
      // A failing logger must not turn a clean error answer into a crash.
    }
  };

  /** The signed-in user's session details, or an answer saying why there are none. */
  async function resolve(
    request: Request,
    destination: FundingDestination,
    locals: Locals | undefined,
  ): Promise<{ ok: true; resolved: ResolvedSession } | { ok: false; response: Response }> {
    try {
      const value = await resolveSession(request, { destination, locals });
      if (value === null || value === undefined) {
        return {
          ok: false,
          response: errorResponse(401, 'unauthenticated', 'Sign in to add a payout account.'),
        };
      }
      return { ok: true, resolved: checkResolved(value) };
    } catch (error) {
      if (error instanceof SessionEndpointError) {
        return { ok: false, response: errorResponse(error.status, error.code, error.message) };
      }
      report(error, request);
      return {
        ok: false,
        response: errorResponse(
          500,
          'internal_error',
          'Something went wrong on our side. Try again.',
        ),
      };
    }
  }

  /**
   * Session Create for `resolved` under the browser key `key`: Ingo's key and
   * participant_unique_id1 derived from (subject, key), so only this user re-authorizes it.
   */
  async function create(
    request: Request,
    resolved: ResolvedSession,
    key: string,
  ): Promise<SessionResponse> {
    const parts = [resolved.subject, key];
    let participantUniqueId1 = resolved.participantUniqueId1;
    if (participantUniqueId1 === undefined) {
      participantUniqueId1 = await participantIds.seal(resolved.subject, key);
      if (participantUniqueId1 === undefined) {
        // Too long to seal within Ingo's 100 characters: a one-way id, as before sealing.
        participantUniqueId1 = await deriveUuid(keySecret, 'participant_unique_id1', parts);
        if (!warnedLongSubject) {
          warnedLongSubject = true;
          report(
            new IngoConfigError(
              `createSessionHandler: a subject of ${new TextEncoder().encode(resolved.subject).byteLength} ` +
                `UTF-8 bytes is longer than the ${MAX_SEALED_SUBJECT_BYTES} that fit a sealed ` +
                'participant_unique_id1, so a one-way id was sent and webhooks of this session ' +
                'cannot be mapped back to the user. Use a shorter subject (your user id, not an ' +
                'e-mail address), or return participantUniqueId1 from resolveSession and keep ' +
                'your own table. (Reported once per handler.)',
            ),
            request,
          );
        }
      }
    }
    const session = await client.createSession({
      participantUniqueId1,
      recipient: resolved.recipient,
      idempotencyKey: await deriveUuid(keySecret, 'idempotency-key', parts),
      ...(resolved.participantUniqueId2 === undefined
        ? {}
        : { participantUniqueId2: resolved.participantUniqueId2 }),
      ...(resolved.locale === undefined ? {} : { locale: resolved.locale }),
      ...(resolved.hostUri === undefined ? {} : { hostUri: resolved.hostUri }),
    });
    return {
      authorizedUrl: session.authorizedUrl,
      expiresAt: session.expiresAt,
      sessionId: session.sessionId,
      ...(sdkUrl === undefined ? {} : { sdkUrl }),
    };
  }

  async function handle(request: Request, locals?: Locals): Promise<Response> {
    const parsed = await parseBody(request, maxBodyBytes);
    if (!parsed.ok) return parsed.response;
    const user = await resolve(request, parsed.destination, locals);
    if (!user.ok) return user.response;
    try {
      return jsonResponse(200, await create(request, user.resolved, parsed.key));
    } catch (error) {
      report(error, request);
      return answerFor(error);
    }
  }

  async function initialSession(
    request: Request,
    { destination, locals }: InitialSessionOptions<Locals>,
  ): Promise<RenderedSession | null> {
    if (!DESTINATIONS.has(destination)) {
      throw new IngoConfigError(
        `initialSession: destination must be one of ${FUNDING_DESTINATIONS.join(', ')}.`,
      );
    }
    const user = await resolve(request, destination, locals);
    if (!user.ok) return null;
    // A browser key like the ones core makes: the form sends it back to the endpoint, for this
    // same user, when it needs a fresh URL.
    const idempotencyKey = globalThis.crypto.randomUUID();
    try {
      return { ...(await create(request, user.resolved, idempotencyKey)), idempotencyKey };
    } catch (error) {
      report(error, request);
      return null;
    }
  }

  const handler = handle as SessionHandler<Locals>;
  // No locals through the Node adapter: resolveSession reads the request's headers and cookies.
  handler.toNodeHandler = () => toNodeHandler((request) => handle(request), { maxBodyBytes });
  handler.subjectOf = (participantUniqueId1) => participantIds.open(participantUniqueId1);
  handler.initialSession = initialSession;
  return handler;
}

/** Maps a failure to a status and a message that is safe to show to the end user. */
function answerFor(error: unknown): Response {
  if (error instanceof IngoValidationError) {
    // The recipient came from the server's own records; only field names are revealed.
    const fields = [...new Set(error.issues.map((issue) => issue.field))].join(', ');
    return errorResponse(
      422,
      'invalid_recipient',
      `Your profile details are incomplete or invalid (${fields}). Update them and try again.`,
    );
  }
  if (error instanceof IngoIdempotencyMismatchError) {
    return errorResponse(
      409,
      'idempotency_conflict',
      'Your details changed since this session started. Start a new session.',
    );
  }
  if (error instanceof IngoUnavailableError) {
    return errorResponse(
      503,
      'ingo_unavailable',
      'The payment service is not responding. Try again in a moment.',
    );
  }
  if (error instanceof IngoAuthenticationError || error instanceof IngoApiError) {
    return errorResponse(
      502,
      'ingo_error',
      'The payment service could not start a session. Try again later.',
    );
  }
  return errorResponse(500, 'internal_error', 'Something went wrong on our side. Try again.');
}
