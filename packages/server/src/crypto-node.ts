/**
 * Signing's digests on node:crypto, for the package's `node` export condition (index.node.ts):
 * synchronous, in-thread OpenSSL calls, where Node's Web Crypto queues each digest on the libuv
 * thread pool and costs tens of times more per request. Bun and Deno, which resolve the `node`
 * condition as well, implement node:crypto too.
 *
 * Not part of the library's `types: []` typecheck (tsconfig.json excludes it); test/tsconfig.json
 * checks it with @types/node.
 */
import { createHash, createHmac } from 'node:crypto';
import type { CryptoBackend } from './crypto-backend.js';

export const nodeCrypto: CryptoBackend = {
  name: 'node:crypto',
  sha512Base64(bytes) {
    return createHash('sha512').update(bytes).digest('base64');
  },
  hmacBase64(hash, secret, message) {
    return createHmac(hash === 'SHA-512' ? 'sha512' : 'sha256', secret)
      .update(message)
      .digest('base64');
  },
};
