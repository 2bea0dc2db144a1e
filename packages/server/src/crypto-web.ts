/**
 * Signing's digests on Web Crypto (`globalThis.crypto.subtle`): Node 20+, Deno, Bun, Cloudflare
 * Workers, Vercel's edge runtime, browsers. No `node:` imports.
 */
import type { CryptoBackend, HmacHash } from './crypto-backend.js';
import { IngoConfigError } from './errors.js';

const encoder = new TextEncoder();

/** Base64 of bytes, without Node's Buffer (runs on every runtime with `btoa`). */
export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  // Chunked so that very large inputs do not overflow the argument list of fromCharCode.
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Web Crypto's SubtleCrypto, or a typed error saying which runtimes have it. */
export function subtle(): SubtleCrypto {
  const value = globalThis.crypto?.subtle;
  if (!value) {
    throw new IngoConfigError(
      'Web Crypto (globalThis.crypto.subtle) is not available in this runtime. ' +
        'Use Node 20+, Deno, Bun or an edge runtime.',
    );
  }
  return value;
}

/**
 * Imported HMAC keys, per hash and secret, so that a client signing many requests imports its
 * key once. Bounded: an app with a few clients (a secret each, say during a rotation) stays
 * cached, while one that signs with many secrets keeps only the most recently used ones. Resolved
 * keys only, never pending promises: on Workers a promise must not outlive its request's context.
 */
export const MAX_CACHED_KEYS = 16;
const keys = new Map<string, CryptoKey>();

async function hmacKey(hash: HmacHash, secret: string): Promise<CryptoKey> {
  const id = `${hash}\u0000${secret}`;
  const cached = keys.get(id);
  if (cached) {
    // Most recently used last: the first entry is the one to evict.
    keys.delete(id);
    keys.set(id, cached);
    return cached;
  }
  const key = await subtle().importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash },
    false,
    ['sign'],
  );
  keys.set(id, key);
  if (keys.size > MAX_CACHED_KEYS) {
    const oldest = keys.keys().next().value;
    if (oldest !== undefined) keys.delete(oldest);
  }
  return key;
}

/** How many imported keys are cached now (for tests). */
export function cachedKeyCount(): number {
  return keys.size;
}

export const webCrypto: CryptoBackend = {
  name: 'web-crypto',
  async sha512Base64(bytes) {
    return toBase64(await subtle().digest('SHA-512', bytes as Uint8Array<ArrayBuffer>));
  },
  async hmacBase64(hash, secret, message) {
    const key = await hmacKey(hash, secret);
    const data = typeof message === 'string' ? encoder.encode(message) : message;
    return toBase64(await subtle().sign('HMAC', key, data as Uint8Array<ArrayBuffer>));
  },
};
