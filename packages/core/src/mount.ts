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
 * SDK events that end the form in failure: [our code, message, whether the same session can go on].
 * After the others (max attempts, a refused session) a retry needs a new session.
 */
const FAILURES: Record<string, [IngoErrorCode, string, boolean?]> = {
  TERMINAL_FAILURE: ['terminal_failure', 'Account not verified.', true],
  MAX_VERIFICATION_ATTEMPTS_EXCEEDED: ['max_attempts_exceeded', 'Too many failed attempts.'],
  SESSION_EXPIRED: ['session_expired', 'The URL expired.', true],
  SESSION_ERROR: ['plugin_error', 'Ingo refused the session.'],
  PLUGIN_ERROR: ['plugin_error', "Ingo's form failed.", true],
  UNSUPPORTED_BROWSER_DETECTED: ['plugin_error', 'Unsupported browser.'],
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
  assertBrowser('mountFundingForm');
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
  const getSession = (): Promise<FetchedSession> =>
    source
      ? fetchSession(source, { idempotencyKey, destination }, abort.signal, options.timeoutMs)
      : Promise.resolve({ authorizedUrl: authorizedUrl as string, deadline: Infinity });
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
      safeCall(options.onToken, { ...event, customerAccountToken, destination });
    } else if (type === 'FUNDING_CANCELED') {
      safeCall(options.onCancel, event);
    } else if (failure) {
      const [code, message, sameSession] = failure;
      const retryable = !!sameSession && !!source;
      sessionOver ||= !sameSession;
      fail(
        new IngoEmbedError(
          code,
          `${message}${errorCode ? ` Ingo code ${errorCode}.` : ''} retry() ${retryable ? 'tries again' : 'starts a new session'}.`,
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
        throw error(
          'invalid_options',
          'No sdkUrl: pass it, or return it from your session endpoint.',
        );
      const sdk = await (early ?? loadSdk(src));
      // Never mount an expired authorized_url: ask again with the same key (same Ingo session).
      for (let tries = 0; Date.now() >= session.deadline && !stale(); tries++) {
        if (tries > 1)
          throw error('session_expired', 'URLs keep expiring: check the clocks.', true);
        session = await getSession();
      }
      if (stale()) return;
      const mountAs = sdk.FUNDING_DESTINATIONS[destination.toUpperCase()];
      if (!mountAs) throw error('invalid_sdk', `Ingo's SDK has no ${destination} destination.`);
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
