/**
 * The two digests request signing needs, behind one small interface, so that the signing string
 * has a single implementation (signing.ts) whichever library computes them: Web Crypto
 * (crypto-web.ts, every runtime, the default) or node:crypto (crypto-node.ts, installed by the
 * package's `node` export condition, index.node.ts).
 */

export type HmacHash = 'SHA-512' | 'SHA-256';

export interface CryptoBackend {
  /** What computes the digests. */
  readonly name: 'web-crypto' | 'node:crypto';
  /** `base64(SHA-512(bytes))`. */
  sha512Base64(bytes: Uint8Array): string | Promise<string>;
  /** `base64(HMAC(secret, message))` with SHA-512 or SHA-256; a string message as UTF-8. */
  hmacBase64(
    hash: HmacHash,
    secret: string,
    message: string | Uint8Array,
  ): string | Promise<string>;
}
