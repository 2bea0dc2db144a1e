import { assertBrowser, error, safeCall } from './browser.js';
import { FUNDING_DESTINATIONS, type FundingDestination } from './contract.js';
import { IngoEmbedError, type IngoErrorCode } from './errors.js';
import { type IngoEvent, type IngoToken, normalizeEvent } from './events.js';
import { loadIngoSdk } from './loader.js';
import type { IngoCreateOptions, IngoPluginInstance } from './sdk.js';
import {
  type FetchedSession,
  fetchSession,
  type Parked,
  prefetched,
  type SessionSource,
} from './session.js';

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
  /**
   * Your session endpoint's URL or a function; lets core refresh expired URLs and retry. Read when
   * the form mounts and again for each later request, so a getter can hand out the newest function.
   */
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
  /** Ingo ended the session: the next try needs a new key. */
  let sessionOver = false;
  /** Bumped on every start and on destroy: work and events from an older run are dropped. */
  let run = 0;
  const abort = new AbortController();
  const getSession = async (): Promise<FetchedSession> =>
    source
      ? fetchSession(
          options.session as SessionSource,
          { idempotencyKey, destination },
          abort.signal,
          options.timeoutMs,
        )
      : { authorizedUrl: authorizedUrl as string, deadline: Infinity };
  // A session started before this form for its source and destination (prefetched, or the
  // initial session; see `@ingo-embed/core/instant`): used instead of asking, with its key, until
  // it is mounted; given back if this form is destroyed before that.
  let taken: Parked | false | undefined = prefetched.take?.(source, destination, getSession);
  let idempotencyKey = taken?.[2] ?? crypto.randomUUID();
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
          undefined,
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
    const first = taken ? taken[3] : getSession();
    const sdk = (async () => {
      const src = sdkUrl ?? (await first).sdkUrl;
      if (!src)
        throw error('invalid_options', 'Pass sdkUrl, or return it from your session endpoint.');
      // loadIngoSdk reads `nonce` and `timeoutMs` from the options, and nothing else.
      return loadIngoSdk({ ...options, src });
    })();
    first.catch(() => {});
    try {
      const loaded = await sdk;
      if (stale()) return;
      // Our own iframe goes in now, usually while the session request is still out: the browser
      // sets the frame up in the meantime and mounting only navigates it. (Ingo's create() takes
      // an <iframe> as well as a container.) Its height is the SDK's (autoHeight) or your CSS.
      const frame = container.appendChild(
        Object.assign(document.createElement('iframe'), {
          title: 'Payment account form',
          // A string sets `style.cssText`.
          style: 'display:block;width:100%;border:0',
        }),
      );
      // Teardown is in place before create(), so that a create() that throws leaves no frame.
      let instance: IngoPluginInstance | undefined;
      teardown = () => {
        // The SDK's own listeners go with its destroy, when it has one (Ingo documents none);
        // events of an older run are dropped by `stale` either way.
        instance?.destroy?.();
        frame.remove();
      };
      instance = loaded.create(frame, options.sdkOptions);
      // Listen to every event the SDK exposes, known to us or not, before mounting.
      for (const [type, name] of Object.entries(loaded.EVENTS)) {
        instance.addEventListener(name, (payload) => {
          if (!stale()) onEvent(normalizeEvent(type, payload));
        });
      }
      let session = await first;
      // Never mount an expired authorized_url: ask again with the same key (same Ingo session).
      // A fresh answer always has time left (see fetchSession), so once is enough; a deadline
      // that is no number (an initial session's unreadable expiresAt) counts as expired.
      if (!(Date.now() < session.deadline)) session = await getSession();
      if (stale()) return;
      // By key, never by hard-coded value; Ingo's documented lowercase value if the key is missing.
      const mountAs = loaded.FUNDING_DESTINATIONS[destination.toUpperCase()] ?? destination;
      instance.mount(session.authorizedUrl, mountAs);
      taken = false;
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
      // Not mounted yet (StrictMode's first mount, a quick change): the next form takes it.
      prefetched.back?.(taken);
      setState('destroyed');
    },
  };
}
