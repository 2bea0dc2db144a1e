import {
  createFundingForm,
  type FundingDestination,
  type FundingFormCallbacks,
  type FundingFormState,
  type IngoCreateOptions,
  type IngoEmbedError,
  type InitialSession,
  type SessionSource,
} from '@ingo-embed/core';
import { type KeepInitialSessionOptions, keepInitialSession } from '@ingo-embed/core/instant';
import {
  type RefCallback,
  useEffect,
  useLayoutEffect,
  useState,
  useSyncExternalStore,
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
       * key when too old. Read when the container is attached; one form uses it (a remount asks anew).
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
    /** Passed to `IngoInstantPayments.create`; never remounts, the next mount (or retry) uses the newest. */
    sdkOptions?: IngoCreateOptions;
    /** Limit for the script load and each session request (default 15 000 ms); the newest one applies. */
    timeoutMs?: number;
  };

export interface UseIngoFundingFormResult {
  /** Put this on the element the iframe goes into: `<div ref={form.ref} />`. */
  ref: RefCallback<HTMLElement>;
  /** `idle` until the container is in the DOM, then core's state. */
  state: FundingFormState;
  /** The last failure; `undefined` once the state leaves `failed`. */
  error?: IngoEmbedError | undefined;
  /** After a failure, tries again (same session when `error.retryable`, a new one otherwise). */
  retry: () => void;
}

/**
 * Mounts Ingo's funding form into the element that gets `ref`, for custom layouts.
 *
 * The form is destroyed and mounted again when `destination`, `authorizedUrl`, a `session` URL,
 * `sdkUrl` or `nonce` change, or when the container element changes. Callbacks and a `session`
 * function are read when they are called, so new identities never remount.
 *
 * Only React idioms live here: core's controller (`createFundingForm`) decides what remounts,
 * what is read live and which events are stale.
 */
export function useIngoFundingForm(options: IngoFundingFormOptions): UseIngoFundingFormResult {
  // One form per component instance, for its whole life (StrictMode's extra call of the
  // initializer makes a form that is never attached, so it holds nothing).
  const [form] = useState(() => createFundingForm(options));
  // A state (not a ref object) so that a container appearing or changing re-runs the effect.
  const [container, ref] = useState<HTMLElement | null>(null);

  // Both effects run in the commit (layout effects), not after the browser has painted: the
  // session request and the script start a frame earlier. On the server, where a layout effect
  // would only warn (React 18), the plain effect, which never runs there. (Chosen at render time:
  // importing the package touches no `document`.)
  const useCommitEffect = typeof document > 'u' ? useEffect : useLayoutEffect;
  // The newest props, every commit and before the attach below: core reads callbacks from them
  // live and decides itself whether they make a new form.
  useCommitEffect(() => form.update(options));
  useCommitEffect(() => {
    if (!container) return;
    // Kept for the form attached next, which takes it (ignored once a form has taken it, and
    // without `session` or `initialSession`).
    keepInitialSession(options as KeepInitialSessionOptions);
    form.attach(container);
    return form.detach;
  }, [container]);

  // A form is `idle` until attached, which never happens on a server or before hydration: the
  // same snapshot serves both.
  return {
    ref,
    ...useSyncExternalStore(form.subscribe, form.getSnapshot, form.getSnapshot),
    retry: form.retry,
  };
}
