/**
 * The shape of Ingo's browser SDK (`window.IngoInstantPayments`) as far as core relies on it.
 * Ingo documents `create`, `mount`, `addEventListener`, `EVENTS` and `FUNDING_DESTINATIONS`;
 * `destroy` is called only when the SDK happens to have it; `removeEventListener` is described for
 * completeness (core does not need it: `destroy` drops listeners, a run counter drops late events).
 */

/** Options of `IngoInstantPayments.create`, seen in public integration code (not in Ingo's docs). */
export interface IngoCreateOptions {
  /** CSS class name given to the iframe. */
  cssName?: string;
  /** Let the iframe grow to the height of its content. */
  autoHeight?: boolean;
  /** The iframe's `scrolling` attribute. */
  scrolling?: boolean;
}

export type IngoSdkListener = (data: unknown) => void;

/** An instance returned by `IngoInstantPayments.create` (Ingo's docs call it `webPlugin`). */
export interface IngoPluginInstance {
  mount(authorizedUrl: string, fundingDestination: string): unknown;
  addEventListener(eventName: string, listener: IngoSdkListener): unknown;
  removeEventListener?(eventName: string, listener: IngoSdkListener): unknown;
  destroy?(): unknown;
}

/** `window.IngoInstantPayments`. */
export interface IngoSdk {
  create(container: HTMLElement, options?: IngoCreateOptions): IngoPluginInstance;
  /** Event constants, keyed by name (`TOKEN_SUCCESS`, …); the values are the SDK's own. */
  EVENTS: Readonly<Record<string, string>>;
  /** Funding destination constants, keyed `DEBIT`, `CREDIT`, `ACH`, `BILLPAY`, `PAYPAL`. */
  FUNDING_DESTINATIONS: Readonly<Record<string, string>>;
}

declare global {
  interface Window {
    IngoInstantPayments?: IngoSdk;
  }
}
