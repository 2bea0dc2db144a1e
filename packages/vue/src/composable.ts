import {
  createFundingForm,
  type FundingDestination,
  type FundingFormCallbacks,
  type FundingFormOptions,
  type FundingFormState,
  type IngoCreateOptions,
  type IngoEmbedError,
  type InitialSession,
  type SessionSource,
} from '@ingo-embed/core';
import { type KeepInitialSessionOptions, keepInitialSession } from '@ingo-embed/core/instant';
import {
  type MaybeRef,
  type MaybeRefOrGetter,
  onActivated,
  onDeactivated,
  type Ref,
  type ShallowRef,
  shallowRef,
  watch,
} from 'vue';
import { unwrap } from './unwrap.js';

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
  /** Passed to `IngoInstantPayments.create` (e.g. `{ autoHeight: true }`); never remounts. */
  sdkOptions?: MaybeRefOrGetter<IngoCreateOptions | undefined>;
  /** Time limit for the script load and each session request; never remounts. */
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
 * Mounts Ingo's funding form into an element of your own layout once the element is in the
 * document, ends it when the element goes, and destroys it when the component unmounts. Call it
 * in a component's `setup`.
 *
 * Callbacks come from `options`, so a reactive `options` object may swap them; they never
 * remount the form.
 *
 * Every decision (what remounts, what is read live, which events are stale) is core's
 * `createFundingForm`: this only hands it the current options, the element and Vue's lifecycle,
 * and mirrors its state onto refs.
 */
export function useIngoFundingForm(options: UseIngoFundingFormOptions): UseIngoFundingForm {
  const container = shallowRef<HTMLElement | null>();
  const state = shallowRef<FundingFormState>('idle');
  const error = shallowRef<IngoEmbedError>();
  /** The options as core takes them; reading them tracks every reactive source. */
  const read = (): FundingFormOptions => unwrap(options);
  const initial = read();
  // The session the server rendered is kept before the first attach, for the first form with this
  // source and destination (core takes it when it mounts). Nothing happens on a server. (The
  // options read carry `initialSession` too: core ignores it.)
  if (initial.session) keepInitialSession(initial as KeepInitialSessionOptions);
  const form = createFundingForm(initial);
  form.subscribe(() => {
    ({ state: state.value, error: error.value } = form.getSnapshot());
  });
  // Neither watcher fires during server rendering: nothing is mounted or fetched there.
  watch(read, form.update);
  // Follows the element, as Vue sets the ref: a new element is in the document by then (Vue sets
  // refs once it has inserted them), and the first attach happens within the mount, so that a bad
  // option throws to Vue's error handling there. A watch callback, not an effect: nothing the
  // listeners read while the form starts becomes a dependency. Its cleanup runs when the element
  // changes or goes and when the scope ends (unmount), in place of an onScopeDispose; it detaches
  // rather than destroys: an unmount is the page's doing and stays silent (core reports no `idle`
  // to onStateChange), and nothing holds the form afterwards.
  watch(
    container,
    (element, _previous, onCleanup) => {
      if (element) {
        // Registered first: core keeps the element through a refused attach, and mounts into it
        // once the options are fixed; that form, too, has to end with the scope.
        onCleanup(form.detach);
        form.attach(element);
      }
    },
    { flush: 'sync' },
  );
  // <KeepAlive> moves a deactivated component out of the document, and a detached iframe loses
  // its page for good (its one-time URL cannot be loaded again): end the form, mount anew later.
  onDeactivated(form.detach);
  onActivated(() => container.value && form.attach(container.value));

  return { container, state, error, retry: form.retry };
}
