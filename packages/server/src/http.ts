/** Small HTTP helpers shared by the Fetch handler and the Node adapter. */
import type { SessionErrorResponse } from '@ingo-embed/core';

/** Headers every answer of the session endpoint carries. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  // A session URL is single-use and personal: no shared cache may keep it.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function jsonResponse(
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...BASE_HEADERS, ...extraHeaders },
  });
}

export function errorBody(code: string, message: string): SessionErrorResponse {
  return { error: { code, message } };
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): Response {
  return jsonResponse(status, errorBody(code, message), extraHeaders);
}

export function payloadTooLargeMessage(maxBodyBytes: number): string {
  return `Request body is larger than the ${maxBodyBytes}-byte limit of this endpoint.`;
}

/** Joins the chunks of a body read within a size limit (`total` is their summed length). */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
