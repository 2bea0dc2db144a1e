import type { SessionFunction } from '@ingo-embed/core';
import { vi } from 'vitest';
import { type IngoFundingFormOptions, useIngoFundingForm } from '../src/index.js';

export const SDK_URL = 'https://webplugin-uat.example.test/sdk.js';

let sessions = 0;
/** An authorized URL shaped like Ingo's, unique per call. */
export const authorizedUrl = () =>
  `https://webplugin-uat.example.test/session/s-${++sessions}?t=637126733246949906&h=x`;

let scripts = 0;
/** A script URL nobody loaded yet: core's loader remembers in-flight loads by URL. */
export const freshSdkUrl = () => `https://webplugin-uat.example.test/sdk-${++scripts}.js`;

/** A session function that answers at once with a fresh URL; its calls are recorded. */
export const sessionFunction = () =>
  vi.fn<SessionFunction>(async () => ({ authorizedUrl: authorizedUrl(), sdkUrl: SDK_URL }));

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

export const iframes = () => document.querySelectorAll('iframe');

/** A custom layout built on the hook, as a customer would write one. */
export function CustomLayout(options: IngoFundingFormOptions) {
  const form = useIngoFundingForm(options);
  return (
    <section>
      <p data-testid="state">{form.state}</p>
      {form.error && (
        <>
          <p role="alert">
            {form.error.code}: {form.error.message}
          </p>
          <button type="button" onClick={form.retry}>
            {form.error.retryable ? 'Try again' : 'Start over'}
          </button>
        </>
      )}
      <div data-testid="container" ref={form.ref} />
    </section>
  );
}
