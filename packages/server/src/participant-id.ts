/**
 * A `participant_unique_id1` that carries the signed-in user, so that a webhook can be mapped
 * back to them without a lookup table.
 *
 * Ingo echoes `participant_unique_id1` in every `plugin.*` webhook of the session. The session
 * handler fills it with the user's subject, sealed:
 *
 *   `u1.` + base64url(iv ‖ AES-256-GCM(key, [length] ‖ subject ‖ zero padding) ‖ tag)
 *
 * - Private: Ingo (and anyone reading its dashboards or webhooks) sees ciphertext only, and
 *   always 99 characters, whatever the subject's length.
 * - Authenticated: the GCM tag makes a forged or altered id open to nothing, never to someone.
 * - Deterministic: the iv is an HMAC of (subject, browser key), so the same user retrying the same
 *   browser key sends byte-identical Session Create bodies (Ingo's idempotency requires the same
 *   parameters), while another browser key gives an unrelated-looking id. An iv repeats only when
 *   the plaintext does too, so GCM's nonce-reuse failure cannot happen.
 * - Fits Ingo's 100-character limit: 3 + base64url(12 + 44 + 16 = 72 bytes) = 99 characters, which
 *   leaves room for a subject of at most {@link MAX_SEALED_SUBJECT_BYTES} UTF-8 bytes.
 *
 * Keys are derived with HKDF-SHA-256 from the session handler's secret, one per purpose, so they
 * reveal nothing about that secret or about the idempotency keys derived from it.
 */
import { clientSecret } from './client.js';
import { subtle } from './crypto-web.js';
import { IngoConfigError } from './errors.js';

/** Longest subject, in UTF-8 bytes, that fits a sealed `participant_unique_id1`. */
export const MAX_SEALED_SUBJECT_BYTES = 43;

const PREFIX = 'u1.';
const PLAINTEXT_BYTES = MAX_SEALED_SUBJECT_BYTES + 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_BYTES = IV_BYTES + PLAINTEXT_BYTES + TAG_BYTES;
const SEALED = /^u1\.[A-Za-z0-9_-]{96}$/;

const encoder = new TextEncoder();
// Binds the version prefix to the ciphertext: a `u1.` id cannot be replayed under another scheme.
const AAD = encoder.encode('ingo-embed/server participant_unique_id1 u1');

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Seals and opens participant ids under one secret. */
export interface ParticipantIdCodec {
  /**
   * The sealed id of `subject` for this browser key, or undefined when the subject is longer
   * than {@link MAX_SEALED_SUBJECT_BYTES} UTF-8 bytes (or empty).
   */
  seal(subject: string, browserKey: string): Promise<string | undefined>;
  /** The subject sealed in `participantUniqueId1`; undefined for any other value. */
  open(participantUniqueId1: string): Promise<string | undefined>;
}

/** Keys are derived on first use and then kept, so a codec is cheap to create. */
export function participantIdCodec(secret: string): ParticipantIdCodec {
  let keys: Promise<{ aes: CryptoKey; iv: CryptoKey }> | undefined;
  const derive = () => {
    keys ??= (async () => {
      const crypto = subtle();
      const base = await crypto.importKey('raw', encoder.encode(secret), 'HKDF', false, [
        'deriveKey',
      ]);
      const params = (info: string): HkdfParams => ({
        name: 'HKDF',
        hash: 'SHA-256',
        salt: encoder.encode('ingo-embed/server'),
        info: encoder.encode(info),
      });
      const [aes, iv] = await Promise.all([
        crypto.deriveKey(
          params('participant_unique_id1 u1 aes-256-gcm'),
          base,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
        crypto.deriveKey(
          params('participant_unique_id1 u1 iv'),
          base,
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign'],
        ),
      ]);
      return { aes, iv };
    })();
    // A failed derivation (no Web Crypto) must not be cached forever.
    keys.catch(() => {
      keys = undefined;
    });
    return keys;
  };

  return {
    async seal(subject, browserKey) {
      const bytes = encoder.encode(subject);
      if (bytes.byteLength === 0 || bytes.byteLength > MAX_SEALED_SUBJECT_BYTES) return undefined;
      const { aes, iv: ivKey } = await derive();
      // JSON keeps the pair unambiguous whatever characters either contains.
      const mac = await subtle().sign(
        'HMAC',
        ivKey,
        encoder.encode(JSON.stringify([subject, browserKey])),
      );
      const iv = new Uint8Array(mac).slice(0, IV_BYTES);
      const plaintext = new Uint8Array(PLAINTEXT_BYTES);
      plaintext[0] = bytes.byteLength;
      plaintext.set(bytes, 1);
      const sealed = new Uint8Array(
        await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, aes, plaintext),
      );
      const out = new Uint8Array(SEALED_BYTES);
      out.set(iv, 0);
      out.set(sealed, IV_BYTES);
      return PREFIX + toBase64Url(out);
    },

    async open(participantUniqueId1) {
      if (typeof participantUniqueId1 !== 'string' || !SEALED.test(participantUniqueId1)) {
        return undefined;
      }
      const bytes = fromBase64Url(participantUniqueId1.slice(PREFIX.length));
      if (bytes.byteLength !== SEALED_BYTES) return undefined;
      const { aes } = await derive();
      let plaintext: Uint8Array;
      try {
        plaintext = new Uint8Array(
          await subtle().decrypt(
            { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: AAD },
            aes,
            bytes.slice(IV_BYTES),
          ),
        );
      } catch {
        // Wrong tag: forged, altered, or sealed under another secret.
        return undefined;
      }
      const length = plaintext[0] ?? 0;
      if (length === 0 || length > MAX_SEALED_SUBJECT_BYTES) return undefined;
      if (plaintext.subarray(1 + length).some((byte) => byte !== 0)) return undefined;
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(plaintext.subarray(1, 1 + length));
      } catch {
        return undefined;
      }
    },
  };
}

/** Maps a `participant_unique_id1` back to the subject the session handler sealed in it. */
export interface ParticipantIdReader {
  /**
   * The subject (your user id) sealed in `participantUniqueId1` by the session handler, or
   * undefined when the id is not one it sealed: a `participantUniqueId1` your `resolveSession`
   * returned, a subject that was too long to seal, a different secret, or a forgery.
   */
  subjectOf(participantUniqueId1: string): Promise<string | undefined>;
}

export interface ParticipantIdReaderOptions {
  /** The session handler's `idempotencySecret`, when you set one. */
  secret?: string;
  /**
   * Otherwise the client from `createIngoClient` the session handler uses: the secret is derived
   * from it exactly as the session handler does.
   */
  client?: object;
  /**
   * Secrets used before a rotation, tried after the current one, so that webhooks of sessions
   * started before the rotation still map to their user. Drop them after a week or so.
   */
  previousSecrets?: readonly string[];
}

/**
 * Reads the subject back out of the `participant_unique_id1` that `createSessionHandler` sent,
 * e.g. in a webhook handler running in another process. Use the same secret (or the same Ingo
 * client credentials) as the session handler. Throws {@link IngoConfigError} without one.
 */
export function createParticipantIdReader(
  options: ParticipantIdReaderOptions,
): ParticipantIdReader {
  const { secret, client, previousSecrets } = options ?? {};
  const current = secret ?? (client ? clientSecret(client) : undefined);
  if (typeof current !== 'string' || current === '') {
    throw new IngoConfigError(
      "createParticipantIdReader: pass the session handler's secret: { secret } when you set " +
        'its idempotencySecret, otherwise { client } with a client from createIngoClient() ' +
        'built from the same Ingo credentials.',
    );
  }
  const previous = previousSecrets ?? [];
  if (
    !Array.isArray(previous) ||
    !previous.every((secret) => typeof secret === 'string' && secret !== '')
  ) {
    throw new IngoConfigError(
      'createParticipantIdReader: previousSecrets must be an array of non-empty strings.',
    );
  }
  return participantIdReader([current, ...previous]);
}

/** A reader over one or more secrets, tried in order. */
export function participantIdReader(secrets: readonly string[]): ParticipantIdReader {
  const codecs = secrets.map(participantIdCodec);
  return {
    async subjectOf(participantUniqueId1) {
      if (typeof participantUniqueId1 !== 'string' || !SEALED.test(participantUniqueId1)) {
        return undefined;
      }
      for (const codec of codecs) {
        const subject = await codec.open(participantUniqueId1);
        if (subject !== undefined) return subject;
      }
      return undefined;
    },
  };
}
