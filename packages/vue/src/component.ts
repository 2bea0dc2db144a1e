import type {
  FundingDestination,
  FundingFormState,
  IngoCreateOptions,
  IngoEmbedError,
  IngoEvent,
  IngoToken,
  InitialSession,
  SessionSource,
} from '@ingo-embed/core';
import { defineComponent, h, type PropType, type SlotsType, toRefs, type VNode } from 'vue';
import { useIngoFundingForm } from './composable.js';

/** What the `#failure` slot gets. */
export interface IngoFundingFormFailureSlotProps {
  /** The failure: `error.code` says what, `error.retryable` whether `retry()` keeps the session. */
  error: IngoEmbedError;
  /** Tries again: the same session when `error.retryable`, a new one otherwise. */
  retry: () => void;
}

/**
 * Ingo's funding form. Renders one `<div>` (class, style, id and other attributes fall through
 * to it) and mounts the iframe inside it once mounted in a browser; on the server it renders
 * the `<div>` with the `#loading` slot in it.
 *
 * Changing `destination`, `authorizedUrl`, a `session` URL, `sdkUrl` or `nonce` destroys the
 * form and mounts a new one. A new `session` function does not: it is used from the next
 * request on. Through a template ref it exposes `state`, `error` and `retry()`.
 */
export const IngoFundingForm = defineComponent({
  name: 'IngoFundingForm',
  // Names are all Vue needs at run time (its type checks of props only run in development, and
  // core refuses impossible options with a message anyway); the cast gives templates and
  // vue-tsc the types `defineProps` would.
  props: [
    'destination',
    'session',
    'initialSession',
    'authorizedUrl',
    'sdkUrl',
    'nonce',
    'sdkOptions',
    'timeoutMs',
  ] as unknown as {
    /** Where the money goes: `debit`, `credit`, `ach`, `billpay` or `paypal`. */
    destination: { type: PropType<FundingDestination>; required: true };
    /** Your session endpoint's URL (e.g. `/api/ingo/session`) or a session function. */
    session: PropType<SessionSource>;
    /**
     * A session your server created while rendering the page (`handler.initialSession()`), with
     * `session`: mounted at once while fresh, asked again with its key when too old. Kept for the
     * first form; one form uses it.
     */
    initialSession: PropType<InitialSession | null>;
    /** A ready `authorized_url` (valid 30 s) instead of `session`; needs `sdkUrl`. */
    authorizedUrl: PropType<string>;
    /** Ingo's SDK script URL; optional when your session endpoint returns it. */
    sdkUrl: PropType<string>;
    /** CSP nonce for the injected `<script>`. */
    nonce: PropType<string>;
    /** Passed to `IngoInstantPayments.create`, e.g. `{ autoHeight: true }`; never remounts. */
    sdkOptions: PropType<IngoCreateOptions>;
    /** Time limit for the script load and each session request (default 15 000 ms). */
    timeoutMs: PropType<number>;
  },
  // Declared, so that Vue never mistakes `@token`… for native listeners on the `<div>`. Names
  // are all Vue needs at run time; the cast gives templates the payload types (checked by
  // vue-tsc and Volar) without shipping a validator per event.
  emits: ['token', 'failure', 'cancel', 'event', 'stateChange'] as unknown as {
    /** The account was tokenized: send `token.customerAccountToken` to your server. */
    token: (token: IngoToken) => true;
    /** Something failed: `error.code` says what, `error.retryable` whether `retry()` keeps the session. */
    failure: (error: IngoEmbedError) => true;
    /** The recipient canceled (FUNDING_CANCELED). */
    cancel: (event: IngoEvent) => true;
    /** Every SDK event, known or not, normalised. */
    event: (event: IngoEvent) => true;
    /** `loading`, `ready`, `tokenized` or `failed` (listen with `@state-change`). */
    stateChange: (state: FundingFormState) => true;
  },
  // Types only: Vue does not check slots at run time.
  slots: Object as SlotsType<{
    /** Shown inside the container until the form is there (and on the server). */
    loading: () => VNode[];
    /** Shown inside the container while the form is `failed`. */
    failure: IngoFundingFormFailureSlotProps;
  }>,
  expose: ['state', 'error', 'retry'],
  setup(props, { emit }) {
    return useIngoFundingForm({
      ...toRefs(props),
      // emit() calls whatever listener the parent passes at that moment.
      onToken: (token) => emit('token', token),
      onFailure: (error) => emit('failure', error),
      onCancel: (event) => emit('cancel', event),
      onEvent: (event) => emit('event', event),
      onStateChange: (state) => emit('stateChange', state),
    });
  },
  render() {
    const { state, error, retry, $slots } = this;
    // The string ref binds the `container` returned by setup. Core appends its iframe to the
    // same element: the slots' nodes come and go next to it, and Vue never touches it (the
    // children are always vnodes, never text, which would replace them all). `error` is set
    // exactly while the state is `failed`.
    return h(
      'div',
      { ref: 'container' },
      error
        ? $slots.failure?.({ error, retry })
        : state === 'idle' || state === 'loading'
          ? $slots.loading?.()
          : undefined,
    );
  },
});
