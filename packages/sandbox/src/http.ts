/**
 * What every route module shares: answers in the sandbox's exact headers, request bodies with a
 * size limit, the request as the HMAC verifier reads it, and the "drop the connection" answer.
 */
import type { Context, Hono } from 'hono';
import type { Store } from './store.js';

export const MAX_BODY_BYTES = 100_000;

/** Thrown by a route: answered as `{ status, client_message }` with this HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The Node adapter's bindings (`c.env`); absent when the app runs in-process. */
export interface NodeBindings {
  incoming: {
    url?: string;
    httpVersion: string;
    headers: Record<string, string | string[] | undefined>;
  };
}

export type SandboxEnv = { Bindings: Partial<NodeBindings> };
export type SandboxContext = Context<SandboxEnv>;

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

export function text(
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': type,
      'content-length': String(Buffer.byteLength(body)),
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

/** Reads the body; over MAX_BODY_BYTES it drains the rest (so the 413 still reaches the client). */
export async function readBody(request: Request): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= MAX_BODY_BYTES) chunks.push(value);
  }
  if (size > MAX_BODY_BYTES) {
    throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  return Buffer.concat(chunks);
}

/** A JSON body, or an HttpError(400) with `message`. */
export async function readJson(request: Request, message: string): Promise<unknown> {
  const raw = await readBody(request);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, message);
  }
}

/**
 * The request as it was on the wire, for HMAC checks: the request-target, the HTTP version and
 * the headers. The Node adapter has the real ones; in-process requests are taken as HTTP/1.1.
 */
export function wireRequest(c: SandboxContext): {
  target: string;
  httpVersion: string;
  headers: Record<string, string | string[] | undefined>;
} {
  const incoming = c.env?.incoming;
  if (incoming) {
    return {
      target: incoming.url ?? '/',
      httpVersion: incoming.httpVersion,
      headers: incoming.headers,
    };
  }
  const url = new URL(c.req.url);
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { target: `${url.pathname}${url.search}`, httpVersion: '1.1', headers };
}

const DROPPED_HEADER = 'x-sandbox-drop-connection';

/**
 * "Close the connection without an answer" (the `drop` and `dropAfterCommit` faults). The Node
 * adapter destroys the socket; the in-process `fetch` rejects with a TypeError, as `fetch` does
 * on a network failure.
 */
export function dropConnection(): Response {
  // A marker the adapters act on; it never reaches a client.
  return new Response(null, { status: 599, headers: { [DROPPED_HEADER]: '1' } });
}

export function isDropped(response: Response): boolean {
  return response.headers.get(DROPPED_HEADER) === '1';
}

/** What every route module gets: the one store and where browsers reach this sandbox. */
export interface RouteContext {
  store: Store;
  /** The base URL for `authorized_url`s answered to this request. */
  publicBase(c: SandboxContext): string;
}

export type SandboxRouter = Hono<SandboxEnv>;
