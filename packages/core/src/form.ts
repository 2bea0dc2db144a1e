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
  /** Every state the form takes, in order (the same as `getSnapshot().state`). */
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

/** What a form shows, as one immutable object: a new one exactly when `state` or `error` changes. */
export interface FundingFormSnapshot {
  readonly state: FundingFormState;
  /** The failure while `state` is `failed`; `undefined` otherwise. */
  readonly error?: IngoEmbedError;
}

/**
 * One funding form over its whole life, for bindings and custom elements: it owns every decision
 * (what remounts, which options are read live, which events are stale) and a framework only
 * subscribes to its snapshot and translates idioms. Created anywhere, servers included; it touches
 * the DOM from `attach` on.
 */
export interface FundingFormController extends FundingFormHandle {
  /**
   * Mounts the form into `container` (a new container: the form there is ended, a new one
   * mounted). Throws `invalid_options` for impossible options and `not_in_browser` off the DOM.
   */
  attach(container: HTMLElement): void;
  /** Ends the form in its container (state `idle`); `attach` mounts a new one. */
  detach(): void;
  /**
   * Replaces the options. A new `destination`, `authorizedUrl`, session URL (or a function instead
   * of a URL), `sdkUrl` or `nonce` ends the attached form and mounts a new one, with a new session;
   * everything else (callbacks, a session function's identity, `sdkOptions`, `timeoutMs`) is read
   * live from the newest options.
   */
  update(options: FundingFormOptions): void;
  /** Calls `listener` after every snapshot change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * The current snapshot. Also the server snapshot: a form is `idle` until it is attached, which
   * never happens on a server (or before hydration).
   */
  getSnapshot(): FundingFormSnapshot;
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

/** The options whose change makes a new form; a session function counts by kind, not identity. */
const formKey = ({ destination, authorizedUrl, session, sdkUrl, nonce }: FundingFormOptions) =>
  JSON.stringify([
    destination,
    authorizedUrl,
    typeof session === 'function' || session,
    sdkUrl,
    nonce,
  ]);

/**
 * Creates a funding form {@link FundingFormController}: nothing happens until `attach`. See
 * {@link mountFundingForm} for what a mounted form does.
 */
export function createFundingForm(options: FundingFormOptions): FundingFormController {
  let snapshot: FundingFormSnapshot = { state: 'idle' };
  const listeners = new Set<() => void>();
  let container: HTMLElement | undefined;
  /** The {@link formKey} of the form in `container`. */
  let mountedKey: string | undefined;
  /** Ingo ended the session: the next try needs a new key. */
  let sessionOver = false;
  /** Bumped on every start and every end: work and events from an older run are dropped. */
  let run = 0;
  let abort: AbortController;
  let idempotencyKey: string;
  // A session started before this form for its source and destination (prefetched, or the
  // initial session; see `@ingo-embed/core/instant`): used instead of asking, with its key, until
  // it is mounted; given back if the form ends before that.
  let taken: Parked | false | undefined;
  let teardown: (() => void) | undefined;

  const unmount = () => {
    teardown?.();
    teardown = undefined;
  };
  /** A new snapshot for subscribers; `onStateChange` hears it unless `quiet` (teardown). */
  const set = (state: FundingFormState, failure?: IngoEmbedError, quiet?: boolean) => {
    const changed = state !== snapshot.state;
    if (changed || failure !== snapshot.error) {
      snapshot = { state, error: failure };
      for (const listener of listeners) safeCall(listener, undefined);
      if (changed && !quiet) safeCall(options.onStateChange, state);
      if (failure) safeCall(options.onFailure, failure);
    }
  };
  /** Ends the current form: aborts its requests, removes its iframe, gives back an unused session. */
  const end = () => {
    run++;
    abort?.abort();
    unmount();
    prefetched.back?.(taken);
    taken = undefined;
  };
  /**
   * Ends the form and leaves its container: `idle` when detached, silently (a teardown the page
   * caused is no state of the form: listeners of `onStateChange` hear nothing), or `destroyed`.
   */
  const leave = (state: FundingFormState) => {
    end();
    container = undefined;
    set(state, undefined, state === 'idle');
  };
  const getSession = async (): Promise<FetchedSession> =>
    options.session
      ? fetchSession(
          options.session,
          { idempotencyKey, destination: options.destination },
          abort.signal,
          options.timeoutMs,
        )
      : { authorizedUrl: options.authorizedUrl as string, deadline: Infinity };

  const onEvent = (event: IngoEvent) => {
    safeCall(options.onEvent, event);
    // After a token the session is complete: later events are informational only.
    if (snapshot.state === 'tokenized') return;
    const { type, customerAccountToken, errorCode } = event;
    const failure = FAILURES[type];
    if (type === 'TOKEN_SUCCESS' && customerAccountToken) {
      set('tokenized');
      safeCall(options.onToken, { ...event, destination: options.destination } as IngoToken);
    } else if (type === 'FUNDING_CANCELED') {
      safeCall(options.onCancel, event);
    } else if (failure) {
      const [sameSession, code = 'plugin_error'] = failure;
      const retryable = sameSession && !!options.session;
      sessionOver ||= !sameSession;
      set(
        'failed',
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

  /** One attempt to mount: the script, the session, the iframe. */
  const start = async (into: HTMLElement) => {
    const current = ++run;
    const stale = () => current !== run;
    set('loading');
    const { sdkUrl, destination } = options;
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
      // Until it is mounted it is out of the flow and unseen, so that it never stacks under a
      // placeholder the page shows meanwhile (fixed, not absolute: a fixed box never widens the
      // page, whatever its width and wherever its positioned ancestor is).
      const frame = into.appendChild(
        Object.assign(document.createElement('iframe'), {
          title: 'Payment account form',
          // A string sets `style.cssText`.
          style: 'display:block;width:100%;border:0;position:fixed;visibility:hidden',
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
      frame.style.position = frame.style.visibility = '';
      // By key, never by hard-coded value; Ingo's documented lowercase value if the key is missing.
      instance.mount(
        session.authorizedUrl,
        loaded.FUNDING_DESTINATIONS[destination.toUpperCase()] ?? destination,
      );
      taken = false;
      set('ready');
    } catch (thrown) {
      if (stale()) return;
      unmount();
      set(
        'failed',
        thrown instanceof IngoEmbedError
          ? thrown
          : error('plugin_error', `Mounting failed: ${thrown}`, true, thrown),
      );
    }
  };

  /** Ends the form in `container`, and mounts a new one with a new session (or the one started for it). */
  const begin = () => {
    end();
    const { destination, session, sdkUrl, authorizedUrl } = options ?? {};
    const problem = !(container instanceof HTMLElement)
      ? `a container element, not ${container}`
      : !FUNDING_DESTINATIONS.includes(destination)
        ? `a destination of ${FUNDING_DESTINATIONS}, not ${destination}`
        : !session === !authorizedUrl
          ? 'one of session and authorizedUrl'
          : authorizedUrl && !sdkUrl
            ? 'sdkUrl with authorizedUrl'
            : '';
    if (problem) {
      // Nothing is mounted, but the container stays: the next `update` with valid options mounts.
      end();
      mountedKey = undefined;
      set('idle', undefined, true);
      throw error('invalid_options', `The funding form needs ${problem}.`);
    }
    mountedKey = formKey(options);
    abort = new AbortController();
    sessionOver = false;
    taken = prefetched.take?.(session, destination, getSession);
    idempotencyKey = taken ? taken[2] : crypto.randomUUID();
    void start(container as HTMLElement);
  };

  const form: FundingFormController = {
    get state() {
      return snapshot.state;
    },
    attach(element) {
      assertBrowser();
      if (element !== container && snapshot.state !== 'destroyed') {
        container = element;
        begin();
      }
    },
    detach() {
      if (container) leave('idle');
    },
    update(next) {
      options = next;
      if (container && formKey(next) !== mountedKey) begin();
    },
    retry() {
      if (snapshot.state !== 'failed') return;
      unmount();
      if (sessionOver) {
        sessionOver = false;
        idempotencyKey = crypto.randomUUID();
      }
      // Failed forms are attached: detach and a refused attach leave `idle`.
      void start(container as HTMLElement);
    },
    destroy() {
      if (snapshot.state !== 'destroyed') leave('destroyed');
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
  };
  return form;
}

/**
 * Mounts Ingo's funding form into `container`: loads the SDK script and fetches the session in
 * parallel, mounts a URL that has not expired, and turns SDK events into callbacks. Throws
 * `invalid_options` or `not_in_browser` at once; every later failure goes to `onFailure`.
 * The one-shot form of {@link createFundingForm}: the handle is the attached controller.
 */
export function mountFundingForm(
  container: HTMLElement,
  options: FundingFormOptions,
): FundingFormController {
  const form = createFundingForm(options);
  form.attach(container);
  return form;
}
