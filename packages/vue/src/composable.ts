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
  type MaybeRef,
  type MaybeRefOrGetter,
  onActivated,
  onBeforeUnmount,
  onDeactivated,
  onMounted,
  type Ref,
  type ShallowRef,
  shallowRef,
  toValue,
  unref,
  watch,
} from 'vue';

export interface UseIngoFundingFormOptions extends FundingFormCallbacks {
  /** Where the money goes. Changing it remounts the form. */
  destination: MaybeRefOrGetter<FundingDestination>;
  /**
   * Your session endpoint's URL, or a session function. A plain value or a ref, never a getter:
   * a getter would be indistinguishable from a session function. Changing the URL remounts the
   * form; a new function is used from the next request on, without remounting.
   */
  session?: MaybeRef<SessionSource | undefined>;
  /**
   * A session your server created while rendering the page (`handler.initialSession()` of
   * `@ingo-embed/server`), with `session`: mounted at once while fresh, asked again from `session`
   * with its key when too old. Read when the form mounts; one form uses it (a remount asks anew).
   */
  initialSession?: MaybeRefOrGetter<InitialSession | null | undefined>;
  /** A ready `authorized_url` (needs `sdkUrl`), instead of `session`. Changing it remounts. */
  authorizedUrl?: MaybeRefOrGetter<string | undefined>;
  /** Ingo's SDK script URL; optional when your session endpoint returns it. Changing it remounts. */
  sdkUrl?: MaybeRefOrGetter<string | undefined>;
  /** CSP nonce for the injected `<script>`. Changing it remounts. */
  nonce?: MaybeRefOrGetter<string | undefined>;
  /** Passed to `IngoInstantPayments.create` (e.g. `{ autoHeight: true }`); read at each mount. */
  sdkOptions?: MaybeRefOrGetter<IngoCreateOptions | undefined>;
  /** Time limit for the script load and each session request; read at each mount. */
  timeoutMs?: MaybeRefOrGetter<number | undefined>;
}

export interface UseIngoFundingForm {
  /** Bind it to the element the form goes into: `<div ref="container" />`. */
  container: Ref<HTMLElement | null | undefined>;
  /** The form's current state; `idle` while nothing is mounted. */
  state: Readonly<ShallowRef<FundingFormState>>;
  /** The last failure; `undefined` again as soon as the state leaves `failed`. */
  error: Readonly<ShallowRef<IngoEmbedError | undefined>>;
  /** After a failure: tries again with the same session when Ingo allows it, else a new one. */
  retry: () => void;
}

/**
 * Mounts Ingo's funding form into an element of your own layout, from `onMounted` on, and
 * destroys it before the component unmounts. Call it in a component's `setup`.
 *
 * Callbacks are read from `options` each time they fire, so a reactive `options` object may
 * swap them; they never remount the form.
 */
export function useIngoFundingForm(options: UseIngoFundingFormOptions): UseIngoFundingForm {
  const container = shallowRef<HTMLElement | null>();
  const state = shallowRef<FundingFormState>('idle');
  const error = shallowRef<IngoEmbedError>();
  let handle: FundingFormHandle | undefined;
  /** Bumped before each destroy: callbacks of an older mount are dropped (no `destroyed` noise). */
  let run = 0;
  /** Deactivated by <KeepAlive>. */
  let inactive = false;

  const destroy = () => {
    run++;
    handle?.destroy();
    handle = undefined;
    state.value = 'idle';
    error.value = undefined;
  };

  const mount = (element: HTMLElement | null | undefined) => {
    destroy();
    if (!element) return;
    const mine = run;
    /** Wraps a user callback: forwards to the latest one, only while this mount is current. */
    const forward =
      <A>(read: () => ((arg: A) => void) | undefined, before?: (arg: A) => void) =>
      (arg: A) => {
        if (mine !== run) return;
        before?.(arg);
        read()?.(arg);
      };
    const destination = toValue(options.destination);
    const sdkUrl = toValue(options.sdkUrl);
    const nonce = toValue(options.nonce);
    const session = unref(options.session);
    // Kept for this form (core takes it); ignored once a form has taken it.
    if (session) {
      keepInitialSession({
        session,
        destination,
        initialSession: toValue(options.initialSession),
      });
    }
    handle = mountFundingForm(element, {
      destination,
      // Read by core at the mount and at each later request: the current function is called, so
      // an inline arrow function can change freely.
      get session() {
        return unref(options.session);
      },
      authorizedUrl: toValue(options.authorizedUrl),
      sdkUrl,
      nonce,
      sdkOptions: toValue(options.sdkOptions),
      timeoutMs: toValue(options.timeoutMs),
      onToken: forward(() => options.onToken),
      onFailure: forward(
        () => options.onFailure,
        (failure) => {
          error.value = failure;
        },
      ),
      onCancel: forward(() => options.onCancel),
      onEvent: forward(() => options.onEvent),
      onStateChange: forward(
        () => options.onStateChange,
        (next) => {
          state.value = next;
          if (next !== 'failed') error.value = undefined;
        },
      ),
    });
  };

  onMounted(() => {
    // Started only once mounted, so server rendering never gets here. Any change of these
    // sources destroys the form and mounts a new one; the element coming or going counts too.
    watch(
      [
        // A getter, not the shallowRef itself: a shallowRef source fires on every trigger.
        () => container.value,
        () => toValue(options.destination),
        () => {
          const session = unref(options.session);
          // A function's identity does not count: inline arrow functions would remount each render.
          return typeof session === 'function' || session;
        },
        () => toValue(options.authorizedUrl),
        () => toValue(options.sdkUrl),
        () => toValue(options.nonce),
      ],
      ([element]) => {
        if (!inactive) mount(element);
      },
      { immediate: true, flush: 'post' },
    );
  });
  onBeforeUnmount(destroy);
  // <KeepAlive> moves a deactivated component out of the document, and a detached iframe loses
  // its page for good (its one-time URL cannot be loaded again): destroy, and mount anew later.
  onDeactivated(() => {
    inactive = true;
    destroy();
  });
  onActivated(() => {
    if (!inactive) return; // also called right after the first mount
    inactive = false;
    mount(container.value);
  });

  return {
    container,
    state,
    error,
    retry: () => handle?.retry(),
  };
}
