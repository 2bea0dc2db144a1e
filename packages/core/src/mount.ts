import { assertBrowser, error, safeCall } from './browser.js';
import { FUNDING_DESTINATIONS, type FundingDestination } from './contract.js';
import { IngoEmbedError, type IngoErrorCode } from './errors.js';
import { type IngoEvent, type IngoToken, normalizeEvent } from './events.js';
import { loadIngoSdk } from './loader.js';
import type { IngoCreateOptions, IngoSdkListener } from './sdk.js';
import { type FetchedSession, fetchSession, type SessionSource } from './session.js';

/** Where a funding form is in its life; bindings render from this. */
export type FundingFormState = 'idle' | 'loading' | 'ready' | 'tokenized' | 'failed' | 'destroyed';

export interface FundingFormCallbacks {
  /** The recipient's account was tokenized: send `customerAccountToken` to your server. */
  onToken?: (token: IngoToken) => void;
  /** Something failed; `error.code` says what and `error.retryable` whether `retry()` keeps the session. */
  onFailure?: (error: IngoEmbedError) => void;
  /** The recipient canceled (FUNDING_CANCELED). */
  onCancel?: (event: IngoEvent) => void;
  /** Every SDK event, known or not, normalised. */
  onEvent?: (event: IngoEvent) => void;
  onStateChange?: (state: FundingFormState) => void;
}

export interface FundingFormOptions extends FundingFormCallbacks {
  destination: FundingDestination;
  /** A ready `authorized_url` (valid 30 s, cannot be refreshed). Give this or `session`, not both. */
  authorizedUrl?: string;
  /** Your session endpoint's URL or a function; lets core refresh expired URLs and retry. */
  session?: SessionSource;
  /** Ingo's SDK script URL; optional when the session answer carries `sdkUrl`. */
  sdkUrl?: string;
  /** CSP nonce for the injected script tag. */
  nonce?: string;
  /** Passed to `IngoInstantPayments.create` (e.g. `{ autoHeight: true }`). */
  sdkOptions?: IngoCreateOptions;
  /** How long the script load, and each session request, may take. Default 15 000 ms. */
  timeoutMs?: number;
}

export interface FundingFormHandle {
  readonly state: FundingFormState;
  /**
   * After a failure, tries again: re-authorizes the same Ingo session when Ingo allows it
   * (`error.retryable`), otherwise starts a new session. Does nothing unless `state` is `failed`.
   */
  retry(): void;
  /** Removes the iframe and every listener; idempotent and safe at any moment. */
  destroy(): void;
}

/**
 * SDK events that end the form in failure: whether the same session can go on (after the others —
 * max attempts, a refused session, an unsupported browser — only a new one), and our error code.
 */
const FAILURES: Record<string, [boolean, IngoErrorCode?]> = {
  TERMINAL_FAILURE: [true, 'terminal_failure'],
  MAX_VERIFICATION_ATTEMPTS_EXCEEDED: [false, 'max_attempts_exceeded'],
  SESSION_EXPIRED: [true, 'session_expired'],
  SESSION_ERROR: [false],
  PLUGIN_ERROR: [true],
  UNSUPPORTED_BROWSER_DETECTED: [false],
};

/**
 * Mounts Ingo's funding form into `container`: loads the SDK script and fetches the session in
 * parallel, mounts a URL that has not expired, and turns SDK events into callbacks. Throws
 * `invalid_options` or `not_in_browser` at once; every later failure goes to `onFailure`.
 */
export function mountFundingForm(
  container: HTMLElement,
  options: FundingFormOptions,
): FundingFormHandle {
  assertBrowser();
  const { destination, session: source, sdkUrl, authorizedUrl } = options ?? {};
  const problem = !(container instanceof HTMLElement)
    ? `a container element, not ${container}`
    : !FUNDING_DESTINATIONS.includes(destination)
      ? `a destination of ${FUNDING_DESTINATIONS}, not ${destination}`
      : !source === !authorizedUrl
        ? 'one of session and authorizedUrl'
        : authorizedUrl && !sdkUrl
          ? 'sdkUrl with authorizedUrl'
          : '';
  if (problem) throw error('invalid_options', `mountFundingForm needs ${problem}.`);

  let state: FundingFormState = 'idle';
  let idempotencyKey = crypto.randomUUID();
  /** Ingo ended the session: the next try needs a new key. */
  let sessionOver = false;
  /** Bumped on every start and on destroy: work and events from an older run are dropped. */
  let run = 0;
  const abort = new AbortController();
  let teardown: (() => void) | undefined;
  const unmount = () => {
    teardown?.();
    teardown = undefined;
  };

  const setState = (next: FundingFormState) => {
    if (state === next) return;
    state = next;
    safeCall(options.onStateChange, next);
  };
  const fail = (failure: IngoEmbedError) => {
    setState('failed');
    safeCall(options.onFailure, failure);
  };
  const getSession = async (): Promise<FetchedSession> =>
    source
      ? fetchSession(source, { idempotencyKey, destination }, abort.signal, options.timeoutMs)
      : { authorizedUrl: authorizedUrl as string, deadline: Infinity };
  const loadSdk = (src: string) =>
    loadIngoSdk({ src, nonce: options.nonce, timeoutMs: options.timeoutMs });

  const onEvent = (event: IngoEvent) => {
    safeCall(options.onEvent, event);
    // After a token the session is complete: later events are informational only.
    if (state === 'tokenized') return;
    const { type, customerAccountToken, errorCode } = event;
    const failure = FAILURES[type];
    if (type === 'TOKEN_SUCCESS' && customerAccountToken) {
      setState('tokenized');
      safeCall(options.onToken, { ...event, destination } as IngoToken);
    } else if (type === 'FUNDING_CANCELED') {
      safeCall(options.onCancel, event);
    } else if (failure) {
      const [sameSession, code = 'plugin_error'] = failure;
      const retryable = !!sameSession && !!source;
      sessionOver ||= !sameSession;
      fail(
        new IngoEmbedError(
          code,
          `Ingo reported ${type}${errorCode ? ` (code ${errorCode})` : ''}: retry() ${retryable ? 'tries again' : 'starts a new session'}.`,
          retryable,
          errorCode,
        ),
      );
    }
  };

  const start = async () => {
    const current = ++run;
    const stale = () => current !== run;
    setState('loading');
    // The script and the session load in parallel when the script URL is known up front.
    const early = sdkUrl ? loadSdk(sdkUrl) : undefined;
    early?.catch(() => {});
    try {
      let session = await getSession();
      const src = sdkUrl ?? session.sdkUrl;
      if (!src)
        throw error('invalid_options', 'Pass sdkUrl, or return it from your session endpoint.');
      const sdk = await (early ?? loadSdk(src));
      // Never mount an expired authorized_url: ask again with the same key (same Ingo session).
      // A fresh answer always has time left (see fetchSession), so once is enough.
      if (Date.now() >= session.deadline && !stale()) session = await getSession();
      if (stale()) return;
      // By key, never by hard-coded value; Ingo's documented lowercase value if the key is missing.
      const mountAs = sdk.FUNDING_DESTINATIONS[destination.toUpperCase()] ?? destination;
      const host = container.appendChild(document.createElement('div'));
      // Until the instance is complete, tearing down only removes our element.
      teardown = () => host.remove();
      const instance = sdk.create(host, options.sdkOptions);
      // Listen to every event the SDK exposes, known to us or not, before mounting.
      const listeners = Object.entries(sdk.EVENTS).map(([type, name]) => {
        const listener: IngoSdkListener = (payload) => {
          if (!stale()) onEvent(normalizeEvent(type, payload));
        };
        instance.addEventListener(name, listener);
        return [name, listener] as const;
      });
      teardown = () => {
        for (const [name, listener] of listeners) instance.removeEventListener?.(name, listener);
        instance.destroy?.();
        host.remove();
      };
      instance.mount(session.authorizedUrl, mountAs);
      setState('ready');
    } catch (thrown) {
      if (stale()) return;
      unmount();
      fail(
        thrown instanceof IngoEmbedError
          ? thrown
          : error('plugin_error', `Mounting failed: ${thrown}`, true, thrown),
      );
    }
  };

  void start();

  return {
    get state() {
      return state;
    },
    retry() {
      if (state !== 'failed') return;
      unmount();
      if (sessionOver) {
        sessionOver = false;
        idempotencyKey = crypto.randomUUID();
      }
      void start();
    },
    destroy() {
      if (state === 'destroyed') return;
      run++;
      abort.abort();
      unmount();
      setState('destroyed');
    },
  };
}
