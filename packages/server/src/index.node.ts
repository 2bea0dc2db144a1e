/**
 * The `node` export condition (Node, and Bun and Deno, which resolve it too): the same API as
 * index.ts, the same types (package.json points both conditions at index.d.ts), with signing's
 * SHA-512 and HMAC computed by node:crypto instead of Web Crypto. Everything else, the signing
 * string included, is the one shared implementation.
 */
import { nodeCrypto } from './crypto-node.js';
import { useCryptoBackend } from './signing.js';

useCryptoBackend(nodeCrypto);

export * from './index.js';
