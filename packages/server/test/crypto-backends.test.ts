/**
 * Signing's two crypto backends: Web Crypto (the default, every runtime) and node:crypto (the
 * `node` export condition). Same digests, same signatures; Web Crypto keys imported once per
 * secret and hash, in a bounded cache.
 */
import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeCrypto } from '../src/crypto-node.js';
import { cachedKeyCount, MAX_CACHED_KEYS, webCrypto } from '../src/crypto-web.js';
import { cryptoBackendName, signRequest, useCryptoBackend } from '../src/signing.js';

const MESSAGES = ['', 'POST /x HTTP/1.1\nx-date: now', 'Zoë Nguyễn, São Paulo ✓'];

afterEach(() => {
  useCryptoBackend(webCrypto);
  vi.restoreAllMocks();
});

describe('the crypto backends', () => {
  it('compute the same SHA-512 and HMACs as node:crypto itself', async () => {
    for (const message of MESSAGES) {
      const bytes = new TextEncoder().encode(message);
      const sha = createHash('sha512').update(bytes).digest('base64');
      expect(await webCrypto.sha512Base64(bytes)).toBe(sha);
      expect(nodeCrypto.sha512Base64(bytes)).toBe(sha);
      for (const [hash, name] of [
        ['SHA-512', 'sha512'],
        ['SHA-256', 'sha256'],
      ] as const) {
        const mac = createHmac(name, 'sëcret').update(message).digest('base64');
        expect(await webCrypto.hmacBase64(hash, 'sëcret', message)).toBe(mac);
        expect(await webCrypto.hmacBase64(hash, 'sëcret', bytes)).toBe(mac);
        expect(nodeCrypto.hmacBase64(hash, 'sëcret', message)).toBe(mac);
        expect(nodeCrypto.hmacBase64(hash, 'sëcret', bytes)).toBe(mac);
      }
    }
  });

  it('node:crypto answers synchronously (no promise, no thread pool)', () => {
    expect(typeof nodeCrypto.sha512Base64(new Uint8Array(3))).toBe('string');
    expect(typeof nodeCrypto.hmacBase64('SHA-512', 's', 'm')).toBe('string');
  });
});

describe('signRequest on either backend', () => {
  const options = {
    method: 'POST',
    path: '/api/v1/sessions/point-in-time/plugin',
    body: { participant_unique_id1: 'order-1', note: 'Zoë' },
    username: 'test',
    secret: 'test-secret',
    date: new Date('Fri, 17 Jan 2020 19:59:29 GMT'),
  };

  it('signs identically: one signing string, two ways to compute the digests', async () => {
    expect(cryptoBackendName()).toBe('web-crypto');
    const web = await signRequest(options);
    const web256 = await signRequest({ ...options, algorithm: 'hmac-sha256' });
    useCryptoBackend(nodeCrypto);
    expect(cryptoBackendName()).toBe('node:crypto');
    expect(await signRequest(options)).toEqual(web);
    expect(await signRequest({ ...options, algorithm: 'hmac-sha256' })).toEqual(web256);
  });

  it('the node entry installs node:crypto and exports the same API', async () => {
    const [node, web] = await Promise.all([
      import('../src/index.node.js'),
      import('../src/index.js'),
    ]);
    expect(cryptoBackendName()).toBe('node:crypto');
    expect(Object.keys(node).sort()).toEqual(Object.keys(web).sort());
    expect(node.signRequest).toBe(web.signRequest);
  });
});

describe('the Web Crypto key cache', () => {
  it('imports a key once per secret and hash', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    for (let i = 0; i < 5; i++) await webCrypto.hmacBase64('SHA-512', 'cache-once', `m${i}`);
    await webCrypto.hmacBase64('SHA-256', 'cache-once', 'm');
    expect(importKey).toHaveBeenCalledTimes(2);
  });

  it(`keeps at most ${MAX_CACHED_KEYS} keys, evicting the least recently used`, async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    await webCrypto.hmacBase64('SHA-512', 'kept', 'm');
    for (let i = 0; i < MAX_CACHED_KEYS * 2; i++) {
      await webCrypto.hmacBase64('SHA-512', `secret-${i}`, 'm');
      // Used again and again, so never the oldest.
      await webCrypto.hmacBase64('SHA-512', 'kept', 'm');
      expect(cachedKeyCount()).toBeLessThanOrEqual(MAX_CACHED_KEYS);
    }
    expect(importKey).toHaveBeenCalledTimes(1 + MAX_CACHED_KEYS * 2);
    await webCrypto.hmacBase64('SHA-512', 'secret-0', 'm');
    expect(importKey).toHaveBeenCalledTimes(2 + MAX_CACHED_KEYS * 2);
  });
});
