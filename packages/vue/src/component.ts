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
import { defineComponent, h, type PropType, toRef } from 'vue';
import { useIngoFundingForm } from './composable.js';

/**
 * Ingo's funding form. Renders one `<div>` (class, style, id and other attributes fall through
 * to it) and mounts the iframe inside it once mounted in a browser; on the server it renders
 * only the empty `<div>`.
 *
 * Changing `destination`, `authorizedUrl`, a `session` URL, `sdkUrl` or `nonce` destroys the
 * form and mounts a new one. A new `session` function does not: it is used from the next
 * request on. Through a template ref it exposes `state`, `error` and `retry()`.
 */
export const IngoFundingForm = defineComponent({
  name: 'IngoFundingForm',
  props: {
    /** Where the money goes: `debit`, `credit`, `ach`, `billpay` or `paypal`. */
    destination: { type: String as PropType<FundingDestination>, required: true },
    /** Your session endpoint's URL (e.g. `/api/ingo/session`) or a session function. */
    session: [String, Function] as PropType<SessionSource>,
    /**
     * A session your server created while rendering the page (`handler.initialSession()`), with
     * `session`: mounted at once while fresh, asked again with its key when too old. Read when the
     * form mounts; one form uses it.
     */
    initialSession: Object as PropType<InitialSession | null>,
    /** A ready `authorized_url` (valid 30 s) instead of `session`; needs `sdkUrl`. */
    authorizedUrl: String,
    /** Ingo's SDK script URL; optional when your session endpoint returns it. */
    sdkUrl: String,
    /** CSP nonce for the injected `<script>`. */
    nonce: String,
    /** Passed to `IngoInstantPayments.create`, e.g. `{ autoHeight: true }`; read at each mount. */
    sdkOptions: Object as PropType<IngoCreateOptions>,
    /** Time limit for the script load and each session request (default 15 000 ms). */
    timeoutMs: Number,
  },
  // Declared with payload types: `@token`, `@failure`… are type-checked in templates, and
  // Vue never mistakes them for native listeners on the `<div>`.
  emits: {
    /** The account was tokenized: send `token.customerAccountToken` to your server. */
    token: (_token: IngoToken) => true,
    /** Something failed: `error.code` says what, `error.retryable` whether `retry()` keeps the session. */
    failure: (_error: IngoEmbedError) => true,
    /** The recipient canceled (FUNDING_CANCELED). */
    cancel: (_event: IngoEvent) => true,
    /** Every SDK event, known or not, normalised. */
    event: (_event: IngoEvent) => true,
    /** `loading`, `ready`, `tokenized` or `failed` (listen with `@state-change`). */
    stateChange: (_state: FundingFormState) => true,
  },
  expose: ['state', 'error', 'retry'],
  setup(props, { emit }) {
    return useIngoFundingForm({
      destination: () => props.destination,
      session: toRef(props, 'session'),
      initialSession: () => props.initialSession,
      authorizedUrl: () => props.authorizedUrl,
      sdkUrl: () => props.sdkUrl,
      nonce: () => props.nonce,
      sdkOptions: () => props.sdkOptions,
      timeoutMs: () => props.timeoutMs,
      // emit() calls whatever listener the parent passes at that moment.
      onToken: (token) => emit('token', token),
      onFailure: (error) => emit('failure', error),
      onCancel: (event) => emit('cancel', event),
      onEvent: (event) => emit('event', event),
      onStateChange: (state) => emit('stateChange', state),
    });
  },
  render() {
    // The string ref binds the `container` returned by setup.
    return h('div', { ref: 'container' });
  },
});
