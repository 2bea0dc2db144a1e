/**
 * Deterministic, per-user identifiers for the session handler.
 *
 * The browser's idempotency key alone must never decide which Ingo session is re-authorized:
 * another signed-in user could replay it. So the Ingo `Idempotency-Key` is an HMAC of
 * (the user's subject, the browser key) under a server-side secret. The same user sending the
 * same browser key gets the same Ingo key (a retry re-authorizes the same session); anyone else
 * gets an unrelated one.
 */

const encoder = new TextEncoder();

/**
 * HMAC-SHA256 of the purpose and parts, shaped as a UUID v4 (122 of the 256 bits), because Ingo
 * recommends UUIDs for idempotency keys and might one day insist on that shape.
 */
export async function deriveUuid(
  secret: string,
  purpose: string,
  parts: readonly string[],
): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  // JSON keeps the parts unambiguous whatever characters they contain.
  const message = encoder.encode(JSON.stringify(['ingo-embed/server', purpose, ...parts]));
  const bytes = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, message)).slice(
    0,
    16,
  );
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
