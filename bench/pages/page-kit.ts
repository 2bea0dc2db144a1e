/**
 * What every bench page shares. The runner (src/time-to-form.ts, src/leaks.ts) calls the API a
 * page puts on `window.bench`; the pages are bundled for the browser by src/browser.ts.
 */

/** A timing page: mounts once and resolves the ms from the mount call to the first PAGE_LOAD. */
export interface TimingPage {
  start(): Promise<number>;
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
