/**
 * The sandbox's `window.IngoInstantPayments`: Ingo's documented surface (`create`, `mount`,
 * `addEventListener`, `EVENTS`, `FUNDING_DESTINATIONS`) plus two sandbox extras,
 * `removeEventListener` and `destroy`, which Ingo does not document.
 */
import {
  DESTINATION_VALUES,
  EVENTS,
  FUNDING_DESTINATIONS,
  type FundingDestination,
  isFundingDestination,
  MESSAGE_SOURCE,
  MOUNT_PARAMS,
  PROTOCOL_VERSION,
  type SandboxEventKey,
  type SandboxEventName,
  type SandboxEventPayload,
} from '../protocol.js';

export interface CreateOptions {
  /** Class name(s) added to the iframe. */
  cssName?: string;
  /** Grow the iframe to the height of its content (default true). */
  autoHeight?: boolean;
  /** The iframe's `scrolling` attribute: false → "no", true → "yes", unset → browser default. */
  scrolling?: boolean;
}

export type SandboxListener = (payload: SandboxEventPayload) => void;

export interface SandboxPlugin {
  mount(authorizedUrl: string, fundingDestination: FundingDestination): void;
  addEventListener(eventName: string, listener: SandboxListener): void;
  /** Sandbox extra (not in Ingo's docs). */
  removeEventListener(eventName: string, listener: SandboxListener): void;
  /** Sandbox extra: removes the iframe this instance created, its message listener and all listeners. */
  destroy(): void;
}

export interface SandboxSdk {
  create(container: HTMLElement, options?: CreateOptions): SandboxPlugin;
  readonly EVENTS: typeof EVENTS;
  readonly FUNDING_DESTINATIONS: typeof FUNDING_DESTINATIONS;
  readonly version: string;
}

export const SDK_VERSION = 'sandbox-1';
const IFRAME_TITLE = 'Payment account form';
const INITIAL_HEIGHT = '480px';

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string "${value}"`;
  if (typeof value === 'object') return Object.prototype.toString.call(value);
  return typeof value;
}

function randomChannel(win: Window): string {
  const bytes = new Uint8Array(12);
  if (win.crypto?.getRandomValues) {
    win.crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Accepts an EVENTS value (documented use) or, leniently, an EVENTS key. */
function resolveEventName(name: unknown): SandboxEventName {
  if (typeof name === 'string') {
    if ((Object.values(EVENTS) as string[]).includes(name)) return name as SandboxEventName;
    if (name in EVENTS) return EVENTS[name as SandboxEventKey];
  }
  throw new Error(
    `IngoInstantPayments: unknown event ${describeValue(name)}; pass one of IngoInstantPayments.EVENTS, e.g. IngoInstantPayments.EVENTS.TOKEN_SUCCESS`,
  );
}

export function createSdk(win: Window): SandboxSdk {
  const doc = win.document;

  function create(container: HTMLElement, options: CreateOptions = {}): SandboxPlugin {
    if (
      !container ||
      typeof container !== 'object' ||
      (container as Node).nodeType !== 1 ||
      typeof (container as Element).tagName !== 'string'
    ) {
      throw new Error(
        `IngoInstantPayments.create: the container must be a DOM element (a <div> to hold the iframe, or an <iframe>); got ${describeValue(container)}`,
      );
    }
    if (typeof options !== 'object' || options === null) {
      throw new Error('IngoInstantPayments.create: options must be an object when given');
    }
    const autoHeight = options.autoHeight !== false;
    const ownsIframe = container.tagName !== 'IFRAME';
    const iframe = ownsIframe ? doc.createElement('iframe') : (container as HTMLIFrameElement);
    if (!iframe.getAttribute('title')) iframe.setAttribute('title', IFRAME_TITLE);
    if (!iframe.style.border) iframe.style.border = '0';
    if (!iframe.style.width) iframe.style.width = '100%';
    if (ownsIframe) {
      iframe.style.display = 'block';
      iframe.style.height = INITIAL_HEIGHT;
    }
    if (options.cssName) {
      for (const name of String(options.cssName).split(/\s+/).filter(Boolean)) {
        iframe.classList.add(name);
      }
    }
    if (options.scrolling !== undefined) {
      iframe.setAttribute('scrolling', options.scrolling ? 'yes' : 'no');
    }

    const listeners = new Map<SandboxEventName, Set<SandboxListener>>();
    let expectedOrigin: string | undefined;
    let channel: string | undefined;
    let destroyed = false;

    const assertAlive = (method: string) => {
      if (destroyed) {
        throw new Error(
          `IngoInstantPayments: ${method}() was called on a destroyed instance; call IngoInstantPayments.create() again`,
        );
      }
    };

    const dispatch = (name: SandboxEventName, payload: SandboxEventPayload) => {
      for (const listener of [...(listeners.get(name) ?? [])]) {
        try {
          listener({ ...payload });
        } catch (error) {
          // One failing listener must not keep the others from hearing the event.
          (win as Window & typeof globalThis).console?.error?.(
            'IngoInstantPayments: an event listener threw',
            error,
          );
        }
      }
    };

    const onMessage = (event: MessageEvent) => {
      // Only the exact iframe we mounted, at the origin of the URL we mounted, may talk to us.
      if (!channel || event.origin !== expectedOrigin) return;
      if (!iframe.contentWindow || event.source !== iframe.contentWindow) return;
      const data = event.data as Record<string, unknown> | null;
      if (!data || typeof data !== 'object') return;
      if (data.source !== MESSAGE_SOURCE || data.version !== PROTOCOL_VERSION) return;
      if (data.channel !== channel) return;
      if (data.type === 'resize') {
        const height = data.height;
        if (autoHeight && typeof height === 'number' && Number.isFinite(height) && height > 0) {
          iframe.style.height = `${Math.ceil(height)}px`;
        }
        return;
      }
      if (data.type !== 'event') return;
      const key = data.key as SandboxEventKey;
      const payload = data.payload as SandboxEventPayload | null;
      if (typeof key !== 'string' || !(key in EVENTS) || !payload || typeof payload !== 'object') {
        return;
      }
      if (payload.event_name !== EVENTS[key]) return;
      dispatch(EVENTS[key], payload);
    };
    win.addEventListener('message', onMessage);

    return {
      mount(authorizedUrl: string, fundingDestination: FundingDestination) {
        assertAlive('mount');
        let url: URL;
        try {
          url = new URL(authorizedUrl);
        } catch {
          throw new Error(
            `IngoInstantPayments mount: authorizedUrl must be the absolute data.authorized_url from Session Create; got ${describeValue(authorizedUrl)}`,
          );
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          throw new Error('IngoInstantPayments mount: authorizedUrl must be an http(s) URL');
        }
        if (!isFundingDestination(fundingDestination)) {
          throw new Error(
            `IngoInstantPayments mount: unknown funding destination ${describeValue(fundingDestination)}; use one of IngoInstantPayments.FUNDING_DESTINATIONS (${DESTINATION_VALUES.join(', ')})`,
          );
        }
        channel = randomChannel(win);
        expectedOrigin = url.origin;
        url.searchParams.set(MOUNT_PARAMS.destination, fundingDestination);
        url.searchParams.set(MOUNT_PARAMS.parentOrigin, win.location.origin);
        url.searchParams.set(MOUNT_PARAMS.channel, channel);
        if (ownsIframe && !iframe.parentNode) container.appendChild(iframe);
        iframe.src = url.toString();
      },
      addEventListener(eventName: string, listener: SandboxListener) {
        assertAlive('addEventListener');
        const name = resolveEventName(eventName);
        if (typeof listener !== 'function') {
          throw new Error(
            `IngoInstantPayments addEventListener: the listener for ${name} must be a function`,
          );
        }
        let set = listeners.get(name);
        if (!set) {
          set = new Set();
          listeners.set(name, set);
        }
        set.add(listener);
      },
      removeEventListener(eventName: string, listener: SandboxListener) {
        if (destroyed) return;
        listeners.get(resolveEventName(eventName))?.delete(listener);
      },
      destroy() {
        if (destroyed) return;
        destroyed = true;
        win.removeEventListener('message', onMessage);
        listeners.clear();
        channel = undefined;
        if (ownsIframe) {
          iframe.remove();
        } else {
          // The caller's own iframe stays in their DOM; only stop the flow inside it.
          iframe.src = 'about:blank';
        }
      },
    };
  }

  return {
    create,
    EVENTS,
    FUNDING_DESTINATIONS,
    version: SDK_VERSION,
  };
}

/** Defines `window.IngoInstantPayments` unless a sandbox SDK is already there (script loaded twice). */
export function installSdk(win: Window): SandboxSdk {
  const slot = win as unknown as { IngoInstantPayments?: SandboxSdk };
  const existing = slot.IngoInstantPayments;
  if (existing && existing.version === SDK_VERSION) return existing;
  const sdk = createSdk(win);
  slot.IngoInstantPayments = sdk;
  return sdk;
}
