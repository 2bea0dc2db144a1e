/**
 * `@ingo-embed/core/instant`: start the slow parts of a funding form before the form exists.
 *
 * - {@link preloadIngo} on the page (or route) that may show the form: the SDK script starts
 *   loading and the browser connects to Ingo's origins;
 * - {@link ingoPreloadLinks} for the same hints rendered into the page's `<head>` on the server;
 * - {@link prefetchFundingForm} when the user shows intent (hovers or focuses "Add payout
 *   method"): the session request starts now, and the next form mounted with the same `session`
 *   and `destination` takes it instead of asking again;
 * - {@link keepInitialSession} for a session the server created while it rendered the page.
 *
 * A separate entry from `@ingo-embed/core`, so that an app that never prefetches does not ship it.
 */
import type { FundingDestination } from './contract.js';
import { loadIngoSdk } from './loader.js';
import {
  type FetchedSession,
  fetchSession,
  type InitialSession,
  type Parked,
  prefetched,
  type SessionSource,
} from './session.js';

export interface PreloadIngoOptions {
  /** Ingo's SDK script (for the local sandbox: `http://127.0.0.1:4010/sdk.js`). */
  sdkUrl: string;
  /**
   * Where Ingo's hosted form (the `authorizedUrl`) is served from, e.g. your white-label host
   * `https://pay.example.ingo.money`; any URL on it works. The browser connects to it early.
   */
  sessionOrigin?: string;
  /** CSP nonce for the injected `<script>`. */
  nonce?: string;
}

/**
 * One resource hint, in the shape frameworks' head APIs take (`useHead({ link })`, `<link {...}>`).
 * A type, not an interface, so that it fits their index-signature types.
 */
export type IngoPreloadLink = {
  rel: 'preconnect' | 'preload';
  href: string;
  /** `script` on the preload. */
  as?: 'script';
};

/** The origin of an absolute http(s) URL; undefined for a relative one (the page's own origin). */
const originOf = (url: string | undefined) =>
  url && /^https?:\/\//.test(url) ? new URL(url).origin : undefined;

/**
 * The resource hints {@link preloadIngo} gives the browser, for rendering into the page's
 * `<head>` on the server: a `preconnect` to the SDK's origin and to `sessionOrigin` (each once),
 * then a `preload` of the script. Pure: works anywhere, touches nothing.
 */
export function ingoPreloadLinks({
  sdkUrl,
  sessionOrigin,
}: Pick<PreloadIngoOptions, 'sdkUrl' | 'sessionOrigin'>): IngoPreloadLink[] {
  const origins = new Set([originOf(sdkUrl), originOf(sessionOrigin)]);
  origins.delete(undefined);
  return [
    ...[...origins].map((href): IngoPreloadLink => ({ rel: 'preconnect', href: href as string })),
    { rel: 'preload', as: 'script', href: sdkUrl },
  ];
}

/**
 * Starts loading Ingo's SDK script and connecting to Ingo's origins, so that a form mounted later
 * finds the script there. Call it at module scope or when the page (route) that may show the form
 * loads. Idempotent: one script and one hint per origin however often it is called (a tag the
 * server rendered counts). On a server it does nothing; render {@link ingoPreloadLinks} there.
 * A failed load is forgotten: the form's own load tries again and reports the failure.
 */
export function preloadIngo({ sdkUrl, sessionOrigin, nonce }: PreloadIngoOptions): void {
  if (typeof document === 'undefined') return;
  for (const { rel, href } of ingoPreloadLinks({ sdkUrl, sessionOrigin })) {
    if (rel === 'preconnect' && !document.querySelector(`link[rel=preconnect][href="${href}"]`)) {
      const link = document.createElement('link');
      link.rel = rel;
      link.href = href;
      document.head.append(link);
    }
  }
  loadIngoSdk({ src: sdkUrl, nonce }).catch(() => {});
}

export interface PrefetchFundingFormOptions {
  /**
   * The same `session` the form will get: your endpoint's URL (compared by value) or your session
   * function (compared by identity).
   */
  session: SessionSource;
  /** The destination the form will be mounted with. */
  destination: FundingDestination;
  /** Ingo's SDK script URL; without it, the one the session carries. */
  sdkUrl?: string;
  /** CSP nonce for the injected `<script>`. */
  nonce?: string;
  /** How long the script load and the session request may take. Default 15 000 ms. */
  timeoutMs?: number;
}

/** Sessions started before their form, oldest first; a form takes its match out. */
const parked: Parked[] = [];
/** Keys of initial sessions kept already: each is offered to one form only. */
const kept = new Set<string>();

/** Lets forms take parked sessions (core's mount asks through `prefetched`), once. */
function park(entry: Parked, first?: boolean) {
  prefetched.take ??= (source, wanted, again) => {
    const at = parked.findIndex((other) => other[0] === source && other[1] === wanted);
    const found = at < 0 ? undefined : parked.splice(at, 1)[0];
    if (!found) return undefined;
    const taken: Parked = [found[0], found[1], found[2], found[3], found];
    // Read afresh at each start of the form: a prefetch that failed is asked again by the form
    // (its own request, the same key), and so is a retry after that request failed too.
    Object.defineProperty(taken, 3, { get: () => found[3].catch(again) });
    return taken;
  };
  // Given back as taken, without the form's own way to ask (it was destroyed).
  prefetched.back ??= (taken) => {
    if (taken) parked.push(taken[4] as Parked);
  };
  if (first) parked.unshift(entry);
  else parked.push(entry);
}

/**
 * Starts the session request and the SDK script now, for a form about to be shown (call it when
 * the user hovers or focuses the control that shows it). The next form mounted with the same
 * `session` and `destination` takes this session instead of asking again.
 *
 * - Calling it again for the same source and destination shares the request (one key, one Ingo
 *   session); once the URL has expired, it is refreshed with the same key.
 * - A prefetch no form takes creates that one session and nothing more.
 * - A form that mounts after the URL expired asks again with the same key (the same Ingo session).
 * - A failed prefetch is silent: the form asks again (same key) and reports what fails then.
 *
 * Does nothing on a server.
 */
export function prefetchFundingForm({
  session,
  destination,
  sdkUrl,
  nonce,
  timeoutMs,
}: PrefetchFundingFormOptions): void {
  if (typeof document === 'undefined') return;
  const load = (src: string | undefined) => {
    if (src) loadIngoSdk({ src, nonce, timeoutMs }).catch(() => {});
  };
  load(sdkUrl);
  // Never aborted: the session belongs to the next form, whichever it is.
  const ask = (idempotencyKey: string) =>
    fetchSession(session, { idempotencyKey, destination }, new AbortController().signal, timeoutMs);
  let entry = parked.find((other) => other[0] === session && other[1] === destination);
  if (entry) {
    const key = entry[2];
    // Still in flight or fresh: shared. Expired or failed: asked again under the same key.
    entry[3] = entry[3].then(
      (fetched) => (Date.now() < fetched.deadline ? fetched : ask(key)),
      () => ask(key),
    );
  } else {
    const key = crypto.randomUUID();
    entry = [session, destination, key, ask(key)];
    park(entry);
  }
  entry[3].then((fetched) => sdkUrl || load(fetched.sdkUrl)).catch(() => {});
}

export interface KeepInitialSessionOptions {
  /** The same `session` the form will get (its endpoint renews the session when too old). */
  session: SessionSource;
  /** The destination the form will be mounted with. */
  destination: FundingDestination;
  /** The session your server created (`handler.initialSession()` of `@ingo-embed/server`), or none. */
  initialSession: InitialSession | null | undefined;
}

/**
 * Keeps a session your server created while it rendered the page for the next form mounted with
 * the same `session` and `destination`, which mounts it without asking (and asks `session` with
 * its key when it is too old by then). The bindings call it for their `initialSession` prop; with
 * core alone, call it before `mountFundingForm`. One initial session serves one form: keeping it
 * again once a form took it does nothing. Goes before a prefetch of the same form. Does nothing
 * on a server or without a session.
 */
export function keepInitialSession({
  session,
  destination,
  initialSession,
}: KeepInitialSessionOptions): void {
  if (typeof document === 'undefined' || !initialSession) return;
  const key = initialSession.idempotencyKey;
  if (kept.has(key)) return;
  kept.add(key);
  // expiresAt is on the server's clock, read on this one (see the README on clock skew).
  const fetched: FetchedSession = {
    ...initialSession,
    deadline: +new Date(initialSession.expiresAt),
  };
  park([session, destination, key, Promise.resolve(fetched)], true);
}
