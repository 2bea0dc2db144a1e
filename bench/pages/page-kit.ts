/**
 * What every bench page shares. The runner (src/time-to-form.ts, src/leaks.ts) calls the API a
 * page puts on `window.bench`; the pages are bundled for the browser by src/browser.ts.
 */

/** What one timing run measured, in ms from the mount call. */
export interface Timing {
  /** The iframe's first PAGE_LOAD: the form is usable. */
  total: number;
  /** The session endpoint's answer arrived (responseEnd). */
  session: number;
  /** The SDK script arrived (responseEnd). */
  script: number;
  /**
   * The session request started (startTime): for ours, when core got to work, so that what a
   * binding adds before core starts shows apart from everything after it.
   */
  request: number;
  /**
   * The SDK script's request started (startTime); with the session request, when the first
   * thing went out. Negative or missing when the page loaded the script before the mount call.
   */
  scriptRequest?: number;
  /**
   * The page's component first rendered (a `bench:render` mark the page sets while React renders
   * it), for the pages that set one.
   */
  rendered?: number;
}

/** A timing page: mounts once and resolves when the iframe's first page has loaded. */
export interface TimingPage {
  start(): Promise<Timing>;
}

/** One mount of a leak page: resolves once the form is ready; `destroy` removes it again. */
export interface Mounted {
  ready: Promise<void>;
  destroy(): void | Promise<void>;
}

/** A leak page: mount → (wait for ready) → destroy, `count` times in a row. */
export interface LeakPage {
  /** Resolves with how many of the cycles really had an iframe in the page when ready. */
  cycles(count: number): Promise<number>;
}

declare global {
  interface Window {
    bench?: TimingPage | LeakPage;
  }
}

/** The sandbox's SDK script URL, passed by the runner in the page's query string. */
export const SDK_URL = new URLSearchParams(location.search).get('sdk') ?? '';
export const SESSION_URL = '/api/ingo/session';

export function container(): HTMLElement {
  const app = document.getElementById('app');
  if (!app) throw new Error('the bench page has no #app element');
  return app;
}

/**
 * The run's timing at PAGE_LOAD, with when the session answer and the script arrived (Resource
 * Timing `responseEnd`), so that the notes can show whether the two overlapped. (The iframe's own
 * entry is no use here: Chromium files it only at the iframe's load event, and for this
 * cross-origin frame its `responseEnd` came out later than PAGE_LOAD itself.)
 */
export function timing(started: number): Timing {
  const entry = (part: string) =>
    performance.getEntriesByType('resource').find((resource) => resource.name.includes(part)) as
      | PerformanceResourceTiming
      | undefined;
  const arrived = (part: string) => (entry(part)?.responseEnd ?? Number.NaN) - started;
  return {
    total: performance.now() - started,
    session: arrived(SESSION_URL),
    script: arrived('/sdk.js'),
    request: (entry(SESSION_URL)?.startTime ?? Number.NaN) - started,
    scriptRequest: (entry('/sdk.js')?.startTime ?? Number.NaN) - started,
    rendered: (performance.getEntriesByName(RENDER_MARK)[0]?.startTime ?? Number.NaN) - started,
  };
}

/**
 * Marks the mount call (a `performance.mark`, so that it shows in a DevTools trace) and returns
 * its time: every timing page measures from here.
 */
export const markMountCall = () => performance.mark('bench:mount-call').startTime;

/** The mark a page sets when React first renders its component (see `Timing.rendered`). */
export const RENDER_MARK = 'bench:render';

/** A promise with its resolve/reject at hand (Promise.withResolvers is ES2024). */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Runs mount/destroy cycles one after the other; a failure stops the run. */
export function leakPage(mount: () => Mounted): LeakPage {
  return {
    async cycles(count) {
      let withIframe = 0;
      for (let i = 0; i < count; i++) {
        const form = mount();
        await form.ready;
        if (document.querySelectorAll('iframe').length === 1) withIframe++;
        await form.destroy();
      }
      return withIframe;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The page's query string: the runner passes each page's mode and waits there. */
export const QUERY = new URLSearchParams(location.search);
