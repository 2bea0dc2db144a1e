import { error, within } from './browser.js';
import type { SessionErrorResponse, SessionRequest } from './contract.js';
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

/** A session ready to mount, with its deadline on this device's clock. */
export interface FetchedSession extends AuthorizedSession {
  deadline: number;
}

const failed = (message: string, retryable?: boolean, cause?: unknown) =>
  error('session_request_failed', message, retryable, cause);

async function post(url: string, request: SessionRequest, signal: AbortSignal) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
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
