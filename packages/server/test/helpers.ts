import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FetchLike } from '../src/index.js';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: Buffer;
  signal: AbortSignal | undefined;
  /** `Date.now()` when the call was made. */
  at: number;
}

export type Step =
  /** An answer; with `delayMs`, only after that long (or a rejection when the signal aborts first). */
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** A failure after connecting (the request may have been received): `TypeError('fetch failed')`. */
  | { networkError: true }
  /** A failure before connecting, as Node's fetch reports it: `cause.code` says why. */
  | { refused: 'ECONNREFUSED' | 'ENOTFOUND' | 'EAI_AGAIN' | 'UND_ERR_CONNECT_TIMEOUT' }
  | { hang: true };

/** Rejects with the signal's reason when it aborts; never settles otherwise. */
function abortion(signal: AbortSignal | null | undefined): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** A scripted `fetch`: each call consumes the next step; the last step repeats. */
export function fakeFetch(...steps: Step[]): FetchLike & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    const body = Buffer.from(init.body as Uint8Array);
    calls.push({
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body,
      signal: init.signal ?? undefined,
      at: Date.now(),
    });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (!step) throw new Error('fakeFetch: no steps');
    if ('networkError' in step) throw new TypeError('fetch failed');
    if ('refused' in step) {
      const cause = Object.assign(new Error(`connect ${step.refused} 203.0.113.1:443`), {
        code: step.refused,
      });
      throw new TypeError('fetch failed', { cause });
    }
    // Like a real fetch: never settles on its own, rejects when the signal aborts.
    if ('hang' in step) return abortion(init.signal);
    if (step.delayMs !== undefined) {
      const delayMs = step.delayMs;
      await Promise.race([
        new Promise((resolve) => setTimeout(resolve, delayMs)),
        abortion(init.signal),
      ]);
    }
    const text = typeof step.body === 'string' ? step.body : JSON.stringify(step.body ?? {});
    return new Response(text, {
      status: step.status,
      headers: { 'content-type': 'application/json', ...step.headers },
    });
  }) as FetchLike & { calls: RecordedCall[] };
  fn.calls = calls;
  return fn;
}

export function sessionOk(status: 100 | 101 = 100, pid1 = 'pid-1', pid2 = '') {
  return {
    status,
    client_message: status === 100 ? 'Success' : 'Success - Idempotent',
    data: {
      session_identifier: '7830227a-ba47-4d28-9416-cad41a446db7',
      authorized_url: 'https://webplugin-uat.example.com/session/7830227a?t=1&h=x',
      authorized_url_expiration_utc: '2030-12-10T20:14:19.763941Z',
      participant_unique_id1: pid1,
      participant_unique_id2: pid2,
    },
    time: 0.8,
  };
}

/**
 * Verifies a recorded request the way Ingo's gateway would, written against node:crypto and
 * separately from src/signing.ts. Returns what failed, or undefined when the request verifies.
 */
export function verifyRecorded(call: RecordedCall, username: string, secret: string) {
  const auth = call.headers.get('authorization') ?? '';
  const match =
    /^hmac username="([^"]*)", algorithm="(hmac-sha512|hmac-sha256)", headers="([^"]*)", signature="([^"]*)"$/.exec(
      auth,
    );
  if (!match) return `bad Authorization: ${auth}`;
  const [, user, algorithm, list = '', signature = ''] = match;
  if (user !== username) return `username ${user}`;
  if (call.headers.get('content-length') !== String(call.body.length)) return 'content-length';
  const digest = createHash('sha512').update(call.body).digest('base64');
  if (call.headers.get('content-sha512') !== digest) return 'content-sha512';
  const path = new URL(call.url).pathname;
  const signingString = list
    .split(' ')
    .map((name) =>
      name === 'request-line'
        ? `${call.method} ${path} HTTP/1.1`
        : `${name}: ${call.headers.get(name)}`,
    )
    .join('\n');
  const expected = createHmac(algorithm === 'hmac-sha512' ? 'sha512' : 'sha256', secret)
    .update(signingString)
    .digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature';
  return undefined;
}

export const RECIPIENT = {
  firstName: 'Jane',
  lastName: 'Doe',
  addressLine1: '123 Main St',
  city: 'Anytown',
  state: 'GA',
  zipCode: '30301',
  emailAddress: 'jane.doe@example.com',
};
