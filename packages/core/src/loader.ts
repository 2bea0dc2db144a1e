import { assertBrowser, error, within } from './browser.js';
import type { IngoErrorCode } from './errors.js';
import type { IngoSdk } from './sdk.js';

export interface LoadIngoSdkOptions {
  /** URL of Ingo's SDK script (for the local sandbox: `http://127.0.0.1:4010/sdk.js`). */
  src: string;
  /** CSP nonce copied onto the injected `<script>`. */
  nonce?: string;
  /** Give up after this long. Default 15 000 ms. */
  timeoutMs?: number;
}

/** The SDK's `<script>`, carrying its load while it is in flight (or once it failed: then it is gone). */
type SdkScript = HTMLScriptElement & { ingoLoad?: Promise<IngoSdk> };

const validSdk = (): IngoSdk | undefined => {
  const sdk = window.IngoInstantPayments;
  return sdk?.create && sdk.EVENTS && sdk.FUNDING_DESTINATIONS ? sdk : undefined;
};

/** Origin and path identify the script; a query string (version, cache buster) may differ. */
const withoutQuery = (url: string) => url.split(/[?#]/)[0];

/**
 * Loads Ingo's SDK script once and resolves `window.IngoInstantPayments`.
 *
 * Concurrent callers share one `<script>`; a tag already on the page is reused; a global that is
 * already defined is used as is. On failure or timeout the tag is removed and the load forgotten,
 * so the next call really retries.
 */
export async function loadIngoSdk({
  src,
  nonce,
  timeoutMs = 15_000,
}: LoadIngoSdkOptions): Promise<IngoSdk> {
  assertBrowser();
  const ready = validSdk();
  if (ready) return ready;
  const url = new URL(src, document.baseURI).href;
  const script: SdkScript =
    [...document.scripts].find((tag) => withoutQuery(tag.src) === withoutQuery(url)) ??
    // A script added from code is async already: it never blocks the page.
    document.head.appendChild(
      Object.assign(document.createElement('script'), { src: url, nonce: nonce ?? '' }),
    );
  const failure = (code: IngoErrorCode, what: string, retryable?: boolean) =>
    error(code, `Ingo's SDK at ${url} ${what}.`, retryable);
  // Concurrent callers share the tag's load. A failed one takes its tag along, so the next call
  // really retries; after a success the global answers first.
  script.ingoLoad ??= within(
    new Promise<IngoSdk>((resolve, reject) => {
      script.addEventListener('load', () => {
        const sdk = validSdk();
        if (sdk) resolve(sdk);
        else reject(failure('invalid_sdk', 'did not define IngoInstantPayments: check sdkUrl'));
      });
      script.addEventListener('error', () =>
        reject(
          failure('script_load_failed', 'failed to load: check the URL, network and CSP', true),
        ),
      );
    }),
    timeoutMs,
    failure('script_timeout', `took over ${timeoutMs} ms to load`, true),
  ).catch((thrown) => {
    script.remove();
    throw thrown;
  });
  return script.ingoLoad;
}
