import {
  type FundingDestination,
  type FundingFormCallbacks,
  type FundingFormHandle,
  type FundingFormState,
  type IngoCreateOptions,
  type IngoEmbedError,
  type InitialSession,
  mountFundingForm,
  type SessionSource,
} from '@ingo-embed/core';
import { keepInitialSession } from '@ingo-embed/core/instant';
import {
  type RefCallback,
  useCallback,
  useEffect,
  useInsertionEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';

/** Where the authorized URL comes from: your session endpoint (or function), or a ready URL. */
export type IngoSessionProps =
  | {
      /**
       * Your session endpoint's URL, or a function that returns `{ authorizedUrl, expiresAt?, sdkUrl? }`.
       * A new URL remounts the form; a new function identity does not (the newest one is called).
       */
      session: SessionSource;
      /**
       * A session your server created while rendering the page (`handler.initialSession()` of
       * `@ingo-embed/server`): mounted at once while fresh, asked again from `session` with its
       * key when too old. Read when the form mounts; one form uses it (a remount asks anew).
       */
      initialSession?: InitialSession | null | undefined;
      authorizedUrl?: undefined;
    }
  | {
      /** A ready `authorized_url`: valid 30 s and cannot be refreshed, so `retry()` cannot renew it. */
      authorizedUrl: string;
      /** Required with `authorizedUrl`: nothing else can tell where the SDK script lives. */
      sdkUrl: string;
      session?: undefined;
      initialSession?: undefined;
    };

/** Options of {@link useIngoFundingForm}: core's `FundingFormOptions`, typed for React. */
export type IngoFundingFormOptions = IngoSessionProps &
  FundingFormCallbacks & {
    /** Which form Ingo shows. Changing it remounts the form with a new session. */
    destination: FundingDestination;
    /** Ingo's SDK script URL; optional when the session answer carries `sdkUrl`. Changing it remounts. */
    sdkUrl?: string;
    /** CSP nonce for the injected `<script>`. Changing it remounts. */
    nonce?: string;
    /** Passed to `IngoInstantPayments.create`; read when the form mounts. */
    sdkOptions?: IngoCreateOptions;
    /** Limit for the script load and each session request (default 15 000 ms); read when the form mounts. */
    timeoutMs?: number;
  };

export interface UseIngoFundingFormResult {
  /** Put this on the element the iframe goes into: `<div ref={form.ref} />`. */
  ref: RefCallback<HTMLElement>;
  /** `idle` until the container is in the DOM, then core's state. */
  state: FundingFormState;
  /** The last failure; `undefined` once the state leaves `failed`. */
  error: IngoEmbedError | undefined;
  /** After a failure, tries again (same session when `error.retryable`, a new one otherwise). */
  retry: () => void;
}

/**
 * Mounts Ingo's funding form into the element that gets `ref`, for custom layouts.
 *
 * The form is destroyed and mounted again when `destination`, `authorizedUrl`, a `session` URL,
 * `sdkUrl` or `nonce` change, or when the container element changes. Callbacks and a `session`
 * function are read when they are called, so new identities never remount.
 */
export function useIngoFundingForm(options: IngoFundingFormOptions): UseIngoFundingFormResult {
  // The newest props, for callbacks that fire later. Updated before any effect of this commit
  // runs, so an event can never reach a callback from an older render.
  const latest = useRef(options);
  useInsertionEffect(() => {
    latest.current = options;
  });

  // A state (not a ref object) so that a container appearing or changing re-runs the effect.
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const [state, setState] = useState<FundingFormState>('idle');
  const [error, setError] = useState<IngoEmbedError>();
  const handle = useRef<FundingFormHandle>(undefined);

  const { destination, authorizedUrl, session, sdkUrl, nonce } = options;
  const sessionUrl = typeof session === 'string' ? session : undefined;
  const sessionIsFunction = typeof session === 'function';

  // The mount runs in the commit (a layout effect), not after the browser has painted: the session
  // request and the script start a frame earlier. On the server, where a layout effect would only
  // warn (React 18), the plain effect, which never runs there. (Chosen at render time: importing
  // the package touches no `document`.)
  const useMountEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;
  useMountEffect(() => {
    if (!container) return;
    // Callbacks of a form this effect already tore down are dropped: core reports `destroyed`
    // synchronously from destroy(), which would otherwise overwrite the next form's state.
    let live = true;
    const { session: source, initialSession } = latest.current;
    // Kept for this form (core takes it); ignored once a form has taken it.
    if (source) keepInitialSession({ session: source, destination, initialSession });
    const mounted = mountFundingForm(container, {
      destination,
      authorizedUrl,
      sdkUrl,
      nonce,
      // Read by core at the mount and at every later request: a new function is used at once.
      get session() {
        return latest.current.session;
      },
      sdkOptions: latest.current.sdkOptions,
      timeoutMs: latest.current.timeoutMs,
      onToken: (token) => {
        if (live) latest.current.onToken?.(token);
      },
      onCancel: (event) => {
        if (live) latest.current.onCancel?.(event);
      },
      onEvent: (event) => {
        if (live) latest.current.onEvent?.(event);
      },
      onFailure: (failure) => {
        if (!live) return;
        setError(failure);
        latest.current.onFailure?.(failure);
      },
      onStateChange: (next) => {
        if (!live) return;
        setState(next);
        if (next !== 'failed') setError(undefined);
        latest.current.onStateChange?.(next);
      },
    });
    handle.current = mounted;
    return () => {
      live = false;
      handle.current = undefined;
      mounted.destroy();
      setState('idle');
      setError(undefined);
    };
  }, [container, destination, authorizedUrl, sessionUrl, sessionIsFunction, sdkUrl, nonce]);

  const retry = useCallback(() => handle.current?.retry(), []);
  return { ref: setContainer, state, error, retry };
}
