import type { AuthorizedSession, SessionFunction, SessionRequest } from '@ingo-embed/core';
import { vi } from 'vitest';

export const SDK_URL = 'https://sdk.ingo.test/ingo.js';

let sessions = 0;

/** An authorized URL the fake SDK reads a session id from. */
export const authorizedUrlFor = (id: string) => `https://webplugin.ingo.test/session/${id}?t=1`;

/** A session function answering at once with a fresh URL; records every request it got. */
export function sessionFunction() {
  return vi.fn<SessionFunction>(
    async (_request: SessionRequest): Promise<AuthorizedSession> => ({
      authorizedUrl: authorizedUrlFor(`s${++sessions}`),
      sdkUrl: SDK_URL,
    }),
  );
}

/** A promise the test settles by hand, to hold core in a phase such as the session fetch. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks (core's async mount steps) run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
