/**
 * A fake `window.IngoInstantPayments` for unit tests in jsdom or happy-dom: install it, mount your
 * component, then drive the form (`fake.tokenSuccess()`, `fake.terminalFailure('1105')`, …) and
 * inspect what was mounted. No network, no iframe content.
 */
import type { IngoPluginInstance, IngoSdk, IngoSdkListener } from './sdk.js';

export interface FakeIngoOptions {
  /** Define `window.IngoInstantPayments` right away (default). With `false` it appears on `loadScript()`. */
  installed?: boolean;
  /** Wrap payloads in `content`, as older SDK versions did. Default false (flat, as Ingo's docs show). */
  wrapPayloads?: boolean;
  /** Offer `removeEventListener` and `destroy` (default true); `false` keeps to Ingo's documented surface. */
  extras?: boolean;
  /** More `EVENTS` entries, to test events core does not know. */
  extraEvents?: Record<string, string>;
}

export interface FakeMount {
  authorizedUrl: string;
  /** The SDK's destination constant passed to `mount`. */
  destination: string;
  /** The element given to `create`. */
  container: HTMLElement;
  /** The iframe given to `create`, or the one the fake appended to it (it never loads anything). */
  iframe: HTMLIFrameElement;
  /** True once `destroy()` ran or the iframe left the document. */
  readonly destroyed: boolean;
  /** Sends one event to this mount's listeners; `type` is an EVENTS key such as `TOKEN_SUCCESS`. */
  emit(type: string, fields?: Record<string, unknown>): void;
}

export interface FakeIngo {
  readonly sdk: IngoSdk;
  /** Every `mount` call so far, oldest first. */
  readonly mounts: readonly FakeMount[];
  /** The newest mount that is still live. */
  readonly current: FakeMount | undefined;
  /** Listeners registered and not removed, across all instances. */
  readonly listenerCount: number;
  /** Sends an event to the current mount; throws if nothing is mounted. */
  emit(type: string, fields?: Record<string, unknown>): void;
  tokenSuccess(customerAccountToken?: string): void;
  terminalFailure(errorCode?: string): void;
  maxAttemptsExceeded(): void;
  cancel(): void;
  /** Completes the pending `<script>` load: defines the global and fires `load` on the tag. */
  loadScript(): void;
  /** Fails the pending `<script>` load: fires `error` on the tag. */
  failScript(): void;
  /** Removes the global and the SDK script tags. */
  uninstall(): void;
}

const EVENT_KEYS = [
  'TOKEN_SUCCESS',
  'FUNDING_CANCELED',
  'TERMINAL_FAILURE',
  'TERMINAL_FAILURE_ACKNOWLEDGED',
  'MAX_VERIFICATION_ATTEMPTS_EXCEEDED',
  'SESSION_EXPIRED',
  'SESSION_ERROR',
  'PLUGIN_ERROR',
  'PAGE_LOAD',
];

let tokens = 0;

export function installFakeIngo(options: FakeIngoOptions = {}): FakeIngo {
  const { extras = true, wrapPayloads = false } = options;
  const EVENTS: Record<string, string> = { ...options.extraEvents };
  for (const key of EVENT_KEYS) EVENTS[key] = `iip.webplugin.${key.toLowerCase()}`;
  const FUNDING_DESTINATIONS = {
    DEBIT: 'debit',
    CREDIT: 'credit',
    ACH: 'ach',
    BILLPAY: 'billpay',
    PAYPAL: 'paypal',
  };
  const mounts: FakeMount[] = [];
  const live = new Set<[string, IngoSdkListener]>();

  const sdk: IngoSdk = {
    EVENTS,
    FUNDING_DESTINATIONS,
    create(container) {
      if (!(container instanceof HTMLElement)) {
        throw new Error('IngoInstantPayments.create needs a container element.');
      }
      // Like Ingo's SDK: an <iframe> given to create() is used as is; any other element gets one.
      const iframe =
        container instanceof HTMLIFrameElement
          ? container
          : container.appendChild(document.createElement('iframe'));
      iframe.title ||= 'Ingo funding form (fake)';
      const listeners = new Set<[string, IngoSdkListener]>();
      let destroyed = false;
      const instance: IngoPluginInstance = {
        addEventListener(name, listener) {
          const entry: [string, IngoSdkListener] = [name, listener];
          listeners.add(entry);
          live.add(entry);
        },
        mount(authorizedUrl, destination) {
          iframe.dataset.authorizedUrl = authorizedUrl;
          const sessionId = /\/session\/([^/?#]+)/.exec(authorizedUrl)?.[1] ?? 'fake-session';
          mounts.push({
            authorizedUrl,
            destination,
            container,
            iframe,
            get destroyed() {
              return destroyed || !iframe.isConnected;
            },
            emit(type, fields) {
              const name = EVENTS[type];
              if (name === undefined) throw new Error(`The fake SDK has no EVENTS.${type}.`);
              const content = {
                session_identifier: sessionId,
                tracer_token: `12345_fake-${sessionId}`,
                event_name: name,
                funding_destination: destination,
                ...fields,
              };
              const payload = wrapPayloads ? { event_name: name, content } : content;
              for (const [listenerName, listener] of [...listeners]) {
                if (listenerName === name) listener(payload);
              }
            },
          });
        },
      };
      if (extras) {
        instance.removeEventListener = (name, listener) => {
          for (const entry of listeners) {
            if (entry[0] === name && entry[1] === listener) {
              listeners.delete(entry);
              live.delete(entry);
            }
          }
        };
        instance.destroy = () => {
          destroyed = true;
          for (const entry of listeners) live.delete(entry);
          listeners.clear();
          // Ingo's SDK removes only an iframe it created itself.
          if (iframe !== container) iframe.remove();
        };
      }
      return instance;
    },
  };

  const current = () => [...mounts].reverse().find((mount) => !mount.destroyed);
  const emit = (type: string, fields?: Record<string, unknown>) => {
    const mount = current();
    if (!mount) throw new Error('Nothing is mounted: wait for the form to mount before emitting.');
    mount.emit(type, fields);
  };
  const pendingScript = () => {
    const script = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].pop();
    if (!script) throw new Error('No SDK <script> was injected yet.');
    return script;
  };
  const install = () => {
    window.IngoInstantPayments = sdk;
  };
  if (options.installed !== false) install();

  return {
    sdk,
    mounts,
    get current() {
      return current();
    },
    get listenerCount() {
      return live.size;
    },
    emit,
    tokenSuccess: (token = `fake-token-${++tokens}`) =>
      emit('TOKEN_SUCCESS', { customer_account_token: token }),
    terminalFailure: (errorCode = '1105') => emit('TERMINAL_FAILURE', { error: errorCode }),
    maxAttemptsExceeded: () => emit('MAX_VERIFICATION_ATTEMPTS_EXCEEDED'),
    cancel: () => emit('FUNDING_CANCELED'),
    loadScript() {
      const script = pendingScript();
      install();
      script.dispatchEvent(new Event('load'));
    },
    failScript() {
      pendingScript().dispatchEvent(new Event('error'));
    },
    uninstall() {
      if (window.IngoInstantPayments === sdk) delete window.IngoInstantPayments;
      for (const script of document.querySelectorAll('script[src]')) script.remove();
    },
  };
}
