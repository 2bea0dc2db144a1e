import { IngoEmbedError, type IngoErrorCode } from './errors.js';

/** Shorthand that keeps the bundle small: every error core raises goes through here. */
export const error = (code: IngoErrorCode, message: string, retryable?: boolean, cause?: unknown) =>
  new IngoEmbedError(code, message, retryable, cause);

/** Throws a typed error when there is no DOM to work with (server rendering, workers). */
export function assertBrowser(): void {
  if (typeof document === 'undefined') {
    throw error('not_in_browser', 'No browser here: call it in a mount hook.');
  }
}

/** Settles like `promise`, or rejects with `failure` after `ms`; the timer never outlives it. */
export const within = <T>(promise: Promise<T>, ms: number, failure: IngoEmbedError) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(reject, ms, failure);
    promise.finally(() => clearTimeout(timer)).then(resolve, reject);
  });

/** Calls a user callback without letting its exception corrupt our state; the error is still reported. */
export function safeCall<A>(callback: ((arg: A) => void) | undefined, arg: A): void {
  try {
    callback?.(arg);
  } catch (thrown) {
    reportError(thrown);
  }
}
