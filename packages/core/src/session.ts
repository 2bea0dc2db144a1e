import { error, within } from './browser.js';
import type { FundingDestination, SessionErrorResponse, SessionRequest } from './contract.js';
import { IngoEmbedError } from './errors.js';

/** An authorized URL to mount, as returned by a session source. */
export interface AuthorizedSession {
  authorizedUrl: string;
  /** When `authorizedUrl` stops being mountable (ISO string, epoch ms or Date). Default: 30 s after arrival. */
  expiresAt?: string | number | Date;
  sessionId?: string;
  /** Where to load the SDK script from, if the caller did not say. */
  sdkUrl?: string;
}

/**
 * Your own way to get a session: called with the idempotency key (the same key again means
 * "re-authorize the same session") and an abort signal that fires when the form is destroyed.
 */
export type SessionFunction = (
  request: SessionRequest,
  context: { signal: AbortSignal },
) => Promise<AuthorizedSession>;

/** The URL of your session endpoint (see `SessionRequest`/`SessionResponse`) or a {@link SessionFunction}. */
export type SessionSource = string | SessionFunction;

/**
 * A session your server already created (for example while it rendered the page, with
 * `handler.initialSession()` of `@ingo-embed/server`), handed to the form as `initialSession`.
 * `idempotencyKey` is the browser key it was created under: when `authorizedUrl` is too old by the
 * time the form mounts, the form asks your session endpoint again with that key, which
 * re-authorizes the same Ingo session.
 */
export interface InitialSession {
  authorizedUrl: string;
  /** When `authorizedUrl` stops being mountable (ISO-8601, as the session endpoint answers it). */
  expiresAt: string | number | Date;
  idempotencyKey: string;
  sessionId?: string;
  sdkUrl?: string;
}

/** A session ready to mount, with its deadline on this device's clock. */
export interface FetchedSession extends AuthorizedSession {
  deadline: number;
}

/**
 * A session started before its form: its source, destination, idempotency key and answer (and,
 * once a form took it, the entry it was taken from). `@ingo-embed/core/instant` keeps them.
 */
export type Parked = [
  source: SessionSource,
  destination: FundingDestination,
  idempotencyKey: string,
  session: Promise<FetchedSession>,
  from?: Parked,
];

/**
 * How a form takes a session started before it (`take`, with its own way to ask again should
 * that session fail) and gives it back when it is destroyed before mounting it (`back`). Filled by
 * `@ingo-embed/core/instant` on first use; empty otherwise.
 */
export const prefetched: {
  take?: (
    source: SessionSource | undefined,
    destination: FundingDestination,
    ask: () => Promise<FetchedSession>,
  ) => Parked | undefined;
  back?: (session: Parked | false | undefined) => void;
} = {};

const failed = (message: string, retryable?: boolean, cause?: unknown) =>
  error('session_request_failed', message, retryable, cause);

async function post(url: string, request: SessionRequest, signal: AbortSignal) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal,
  });
  const body = await response.json().catch(() => undefined);
  if (response.ok) return body as AuthorizedSession;
  const { status } = response;
  throw failed(
    `Session endpoint answered ${status}: ${(body as SessionErrorResponse | undefined)?.error?.message}`,
    status > 499,
  );
}

/** Gets an authorized URL from the customer's endpoint or function, within `timeoutMs`. */
export async function fetchSession(
  source: SessionSource,
  request: SessionRequest,
  signal: AbortSignal,
  timeoutMs = 15_000,
): Promise<FetchedSession> {
  try {
    const session = await within(
      typeof source === 'string' ? post(source, request, signal) : source(request, { signal }),
      timeoutMs,
      failed(`Session request took over ${timeoutMs} ms.`, true),
    );
    if (!/^https?:\/\//.test(session?.authorizedUrl)) {
      throw failed('The session has no authorizedUrl.');
    }
    // expiresAt is on the server's clock: use it as a lifetime. One that looks already over on
    // arrival means the clocks disagree, so fall back to Ingo's documented 30 seconds.
    const left = +new Date(session.expiresAt as string) - Date.now();
    return { ...session, deadline: Date.now() + (left > 0 && left < 30_000 ? left : 30_000) };
  } catch (thrown) {
    if (thrown instanceof IngoEmbedError || signal.aborted) throw thrown;
    throw failed(`Session request failed: ${thrown}`, true, thrown);
  }
}
