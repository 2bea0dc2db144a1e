import {
  createFundingForm,
  type FundingDestination,
  type FundingFormController,
  type FundingFormOptions,
  type FundingFormState,
  type IngoCreateOptions,
  type IngoEmbedError,
  type IngoEvent,
  type IngoToken,
  type InitialSession,
  type SessionSource,
} from '@ingo-embed/core';
import { type KeepInitialSessionOptions, keepInitialSession } from '@ingo-embed/core/instant';

/**
 * The element's properties: every option, functions and objects included. A property and its
 * attribute are one value: whichever was set last wins.
 */
export interface IngoFundingFormProperties {
  /** Which form Ingo shows. A change remounts the form with a new session. */
  destination?: FundingDestination;
  /**
   * Your session endpoint's URL (the `session` attribute) or a session function (property only).
   * A new URL remounts the form; a new function identity does not: the newest one is called.
   */
  session?: SessionSource;
  /** A ready `authorized_url` (valid 30 s), instead of `session`; needs `sdkUrl`. Remounts. */
  authorizedUrl?: string;
  /** Ingo's SDK script URL; optional when your session endpoint answers it. Remounts. */
  sdkUrl?: string;
  /** CSP nonce for the injected `<script>`. Remounts. */
  nonce?: string;
  /** Limit for the script load and each session request (default 15 000 ms); read live. */
  timeoutMs?: number;
  /** Passed to `IngoInstantPayments.create`, e.g. `{ autoHeight: true }` (property only); read live. */
  sdkOptions?: IngoCreateOptions;
  /**
   * A session your server created while rendering the page (`handler.initialSession()` of
   * `@ingo-embed/server`), with `session` (property only): mounted at once while fresh, asked again
   * from `session` with its key when too old. One form uses it (a remount asks anew).
   */
  initialSession?: InitialSession | null;
}

/** The element's attributes: the string options, in kebab case. */
export interface IngoFundingFormAttributes {
  destination?: FundingDestination;
  /** Your session endpoint's URL. */
  session?: string;
  'authorized-url'?: string;
  'sdk-url'?: string;
  nonce?: string;
  /** Milliseconds, as digits. */
  'timeout-ms'?: number | string;
}

/**
 * What a template may set on `<ingo-funding-form>`: every property, and the attributes whose name
 * is not a property's (`sdk-url`, …). The framework type entries build on it.
 */
export type IngoFundingFormTemplateProps = IngoFundingFormProperties &
  Omit<IngoFundingFormAttributes, keyof IngoFundingFormProperties>;

/** The DOM events `<ingo-funding-form>` dispatches, with their `detail`; all of them bubble. */
export interface IngoFundingFormEventMap {
  /** TOKEN_SUCCESS: send `event.detail.customerAccountToken` to your server. */
  'ingo-token': CustomEvent<IngoToken>;
  /** Something failed: `detail.code` says what, `detail.retryable` whether `retry()` keeps the session. */
  'ingo-failure': CustomEvent<IngoEmbedError>;
  /** FUNDING_CANCELED. */
  'ingo-cancel': CustomEvent<IngoEvent>;
  /** Every SDK event, known or not, normalised. */
  'ingo-event': CustomEvent<IngoEvent>;
  /** Every new state: `idle`, `loading`, `ready`, `tokenized` or `failed`. */
  'ingo-statechange': CustomEvent<FundingFormState>;
}

/** The attributes, in the order of the properties they set (see {@link PROPERTIES}). */
const ATTRIBUTES = ['destination', 'session', 'authorized-url', 'sdk-url', 'nonce', 'timeout-ms'];
type Property = keyof IngoFundingFormProperties;
/** Every property: those the attributes set, in their order, then the ones without attribute. */
const PROPERTIES: Property[] = [
  'destination',
  'session',
  'authorizedUrl',
  'sdkUrl',
  'nonce',
  'timeoutMs',
  'sdkOptions',
  'initialSession',
];

/**
 * The shadow tree: one slot, named after the state (`failure` while it is `failed`), then the
 * iframe's box. No styles of its own: a Content-Security-Policy's `style-src` has nothing to
 * block, and the page's stylesheet decides (see the README: `display: block`, `position:
 * relative` and a `min-height` reserve the form's space).
 */
const SHADOW = '<slot name=loading></slot><div></div>';

/**
 * On a server there is no `HTMLElement`: the class is then built on an empty one, never defined,
 * and importing the package throws nothing.
 */
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/**
 * `<ingo-funding-form>`: Ingo's funding form as a custom element, over core's `createFundingForm`.
 * Attributes and properties set in one task are applied together in a microtask; the form mounts
 * when the element is in the document and ends when it leaves.
 */
export class IngoFundingFormElement extends Base {
  static observedAttributes = ATTRIBUTES;

  declare destination: FundingDestination | undefined;
  declare session: SessionSource | undefined;
  declare authorizedUrl: string | undefined;
  declare sdkUrl: string | undefined;
  declare timeoutMs: number | undefined;
  declare sdkOptions: IngoCreateOptions | undefined;
  declare initialSession: InitialSession | null | undefined;
  /** `idle` (also before the element first mounted), `loading`, `ready`, `tokenized` or `failed`. */
  declare readonly state: FundingFormState;
  /** The failure while `state` is `failed`; `undefined` otherwise. */
  declare readonly error: IngoEmbedError | undefined;

  #form: FundingFormController;
  /** Applies the changes of this task in a microtask, once. */
  #queue: () => void;

  constructor() {
    super();
    // The shadow tree's nodes: the slot of the state's view, the iframe's box.
    const [view, box] = Object.assign(this.attachShadow({ mode: 'open' }), {
      innerHTML: SHADOW,
    }).children as unknown as [HTMLSlotElement, HTMLElement];
    let state: FundingFormState = 'idle';
    let error: IngoEmbedError | undefined;
    let queued = false;
    const emit = (type: string, detail: unknown) =>
      this.dispatchEvent(new CustomEvent(`ingo-${type}`, { detail, bubbles: true }));
    const show = (next: FundingFormState, failure = form.getSnapshot().error) => {
      error = failure;
      if (next === state) return;
      state = next;
      this.setAttribute('state', next);
      // Children with `slot="loading"` show while it loads, `slot="failure"` while it failed.
      view.name = next === 'failed' ? 'failure' : next;
      emit('statechange', next);
    };
    // One object for core and the properties: core reads callbacks and functions live.
    const options: Partial<FundingFormOptions> & IngoFundingFormProperties = {
      onToken: (token) => emit('token', token),
      onCancel: (event) => emit('cancel', event),
      onEvent: (event) => emit('event', event),
      onFailure: (failure) => emit('failure', failure),
    };
    const form = createFundingForm(options as FundingFormOptions);
    // Every state the snapshot takes, `idle` after leaving the page included (core keeps that
    // one from onStateChange).
    form.subscribe(() => show(form.state));
    const update = () => {
      queued = false;
      try {
        // Kept for the next form this element mounts (does nothing without one, or once taken).
        keepInitialSession(options as KeepInitialSessionOptions);
        form.update(options as FundingFormOptions);
        if (this.isConnected) form.attach(box);
      } catch (thrown) {
        // Wrong options (core's invalid_options) must not escape a lifecycle callback: the
        // element shows them as a failure, and fixing the attribute or property mounts the form.
        show('failed', thrown as IngoEmbedError);
        emit('failure', thrown);
      }
    };
    this.#form = form;
    this.#queue = () => {
      if (!queued) queueMicrotask(update);
      queued = true;
    };
    for (const name of PROPERTIES) {
      // A value set before the element was defined (then an own property of the instance) is
      // kept, and so is a nonce the browser hid from the attribute before (the native property).
      options[name] = this[name] as never;
      Object.defineProperty(this, name, {
        get: () => options[name],
        set: (value) => {
          options[name] = value;
          this.#queue();
        },
      });
    }
    Object.defineProperties(this, { state: { get: () => state }, error: { get: () => error } });
  }

  /** After a failure: the same session when `error.retryable`, a new one otherwise. */
  retry(): void {
    this.#form.retry();
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null) {
    // An empty attribute changes nothing: with a Content-Security-Policy header, a browser empties
    // `nonce` once the element is in the document, after the nonce was read.
    if (value === '') return;
    (this as Record<Property, unknown>)[PROPERTIES[ATTRIBUTES.indexOf(name)] as Property] =
      value && name === 'timeout-ms' ? +value : (value ?? undefined);
  }

  connectedCallback() {
    this.#queue();
  }

  /**
   * The form ends at once: a browser unloads an iframe that leaves the document, so an element
   * moved by `append` or `insertBefore` mounts a new form, with a new session, where it lands.
   */
  disconnectedCallback() {
    this.#form.detach();
  }
}

// Defined once per page: a second copy of the package (two bundles on one page) finds the tag
// taken, and `define` throws. On a server there is no `customElements`: nothing is defined.
try {
  customElements.define('ingo-funding-form', IngoFundingFormElement);
} catch {}

declare global {
  interface HTMLElementTagNameMap {
    'ingo-funding-form': IngoFundingFormElement;
  }
  // The events bubble: a parent, the document and the window receive them too.
  interface GlobalEventHandlersEventMap extends IngoFundingFormEventMap {}
}
