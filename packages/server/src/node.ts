/**
 * Runs a Fetch-API handler as Node `http` / Express / Connect middleware.
 *
 * Typed structurally (no `node:` imports, no @types/node needed) so that the package stays
 * runtime-neutral; Node's IncomingMessage and ServerResponse fit these shapes.
 */
import { IngoConfigError } from './errors.js';
import { concatBytes, errorBody, payloadTooLargeMessage } from './http.js';

/** The parts of Node's `IncomingMessage` the adapter reads. */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  method?: string | undefined;
  url?: string | undefined;
  /** Set by Express: the URL before a mount path was stripped. */
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Set by body-parsing middleware (e.g. `express.json()`) that already consumed the stream. */
  body?: unknown;
  readableEnded?: boolean;
  /**
   * Node's socket; only its `encrypted` flag (set for TLS) and `remoteAddress` (handed to the
   * handler as `context.remoteAddress`) are read.
   */
  socket?: object | null;
}

/** What the adapter knows about the connection, passed as the handler's second argument. */
export interface NodeRequestContext {
  /**
   * The peer address of the TCP connection (`req.socket.remoteAddress`), e.g. `203.0.113.7` or
   * `::ffff:203.0.113.7`: the client's own address only when no proxy stands in between.
   */
  remoteAddress: string | undefined;
}

/** The parts of Node's `ServerResponse` the adapter writes. */
export interface NodeResponseLike {
  statusCode: number;
  headersSent?: boolean;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  end(chunk?: Uint8Array | string): unknown;
}

/** `(req, res, next?)`: usable with `http.createServer`, Express `app.post` and Connect `use`. */
export type NodeHandler = (
  req: NodeRequestLike,
  res: NodeResponseLike,
  next?: (error?: unknown) => void,
) => Promise<void>;

export interface NodeHandlerOptions {
  /** Largest request body read from the stream, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Refuse a body that a parser such as `express.json()` already turned into an object (re-
   * serialising it would not give the bytes that were sent, which a signature covers): the
   * request fails with an {@link IngoConfigError} (to `next`, or answered 500). Bytes and strings
   * (`express.raw()`, `express.text()`) are still used. Default false.
   */
  requireRawBody?: boolean;
}

// Hop-by-hop and framing headers describe the Node connection, not the Request we build.
const SKIPPED_HEADERS = new Set([
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

const encoder = new TextEncoder();

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return encoder.encode(chunk);
  throw new TypeError('Request stream yielded a chunk that is neither bytes nor a string.');
}

/**
 * Reads the request body, stopping at `max` bytes. Undefined means "too large": the rest of the
 * stream is left unread (Node drains or closes it once the response ends), so an oversized
 * upload never gets buffered.
 */
async function readBody(
  req: NodeRequestLike,
  max: number,
  requireRawBody: boolean,
): Promise<Uint8Array | undefined> {
  // A body parser ran before us and consumed the stream: use what it parsed.
  if (req.readableEnded && req.body !== undefined) {
    const { body } = req;
    if (requireRawBody && !(body instanceof Uint8Array || typeof body === 'string')) {
      throw new IngoConfigError(
        'A body parser (such as express.json()) consumed the request before this handler, ' +
          'which needs the raw bytes. Mount the handler before any body parser, or give its ' +
          "route express.raw({ type: 'application/json' }).",
      );
    }
    const bytes =
      body instanceof Uint8Array || typeof body === 'string'
        ? toBytes(body)
        : encoder.encode(JSON.stringify(body));
    return bytes.byteLength > max ? undefined : bytes;
  }
  const declared = Number(req.headers['content-length'] ?? '');
  if (Number.isFinite(declared) && declared > max) return undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Driven by hand, not with for-await: leaving a for-await loop early destroys the socket,
  // and the 413 answer would never reach the client.
  const iterator = req[Symbol.asyncIterator]();
  for (;;) {
    const { done, value } = await iterator.next();
    if (done) break;
    const chunk = toBytes(value);
    total += chunk.byteLength;
    if (total > max) return undefined;
    chunks.push(chunk);
  }
  return concatBytes(chunks, total);
}

function requestUrl(req: NodeRequestLike): string {
  const path = req.originalUrl ?? req.url ?? '/';
  const encrypted = (req.socket as { encrypted?: unknown } | null | undefined)?.encrypted;
  const protocol = encrypted === true ? 'https' : 'http';
  const host = req.headers.host;
  try {
    return new URL(path, `${protocol}://${typeof host === 'string' ? host : 'localhost'}`).href;
  } catch {
    // A malformed Host header must not take the endpoint down.
    return new URL(path.startsWith('/') ? path : '/', `${protocol}://localhost`).href;
  }
}

function toRequest(req: NodeRequestLike, body: Uint8Array | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (":path") are not valid header names for Request.
    if (value === undefined || name.startsWith(':') || SKIPPED_HEADERS.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && body !== undefined;
  return new Request(requestUrl(req), {
    method,
    headers,
    ...(hasBody ? { body: body as Uint8Array<ArrayBuffer> } : {}),
  });
}

async function writeResponse(res: NodeResponseLike, response: Response): Promise<void> {
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie?.() ?? [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(new Uint8Array(await response.arrayBuffer()));
}

function writeJsonError(res: NodeResponseLike, status: number, code: string, message: string) {
  const payload = encoder.encode(JSON.stringify(errorBody(code, message)));
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', payload.byteLength);
  res.end(payload);
}

/**
 * Wraps a Fetch-API handler as `(req, res, next?)` middleware. The body is read from the Node
 * stream with a size limit (or taken from `req.body` when a body parser already ran). The handler
 * gets the socket's address as its second argument. Unexpected errors go to `next` when there is
 * one, otherwise they are answered 500.
 */
export function toNodeHandler(
  handler: (request: Request, context: NodeRequestContext) => Promise<Response>,
  options: NodeHandlerOptions = {},
): NodeHandler {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const requireRawBody = options.requireRawBody === true;
  return async (req, res, next) => {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      let body: Uint8Array | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        body = await readBody(req, maxBodyBytes, requireRawBody);
        if (body === undefined) {
          // The unread rest of the upload makes the connection unusable for another request.
          res.setHeader('connection', 'close');
          writeJsonError(res, 413, 'payload_too_large', payloadTooLargeMessage(maxBodyBytes));
          return;
        }
      }
      const remoteAddress = (req.socket as { remoteAddress?: unknown } | null | undefined)
        ?.remoteAddress;
      const context: NodeRequestContext = {
        remoteAddress: typeof remoteAddress === 'string' ? remoteAddress : undefined,
      };
      await writeResponse(res, await handler(toRequest(req, body), context));
    } catch (error) {
      if (next) {
        next(error);
      } else if (!res.headersSent) {
        writeJsonError(res, 500, 'internal_error', 'Something went wrong on our side. Try again.');
      } else {
        res.end();
      }
    }
  };
}
