/**
 * Ingo's HMAC request signing (REFERENCE §3). The digests come from a small crypto backend:
 * Web Crypto by default (every runtime), node:crypto when the package is loaded through its
 * `node` export condition (index.node.ts installs it); the signing string is built here only.
 *
 * The signing string is Kong `hmac-auth` style: one line per entry of the `headers` list, in that
 * order; `request-line` is the literal `POST /path HTTP/1.1`, every other entry is
 * `<lowercase name>: <value as sent>`; lines are joined with `\n`, no trailing newline.
 */
import type { CryptoBackend } from './crypto-backend.js';
import { toBase64, webCrypto } from './crypto-web.js';
import { IngoConfigError } from './errors.js';

export { toBase64 };

let backend: CryptoBackend = webCrypto;

/**
 * Chooses what computes signing's digests. Called once by the `node` entry (index.node.ts) with
 * node:crypto; not part of the public API.
 */
export function useCryptoBackend(next: CryptoBackend): void {
  backend = next;
}

/** The backend in use (for tests and diagnostics). */
export function cryptoBackendName(): CryptoBackend['name'] {
  return backend.name;
}

export type SigningAlgorithm = 'hmac-sha512' | 'hmac-sha256';

/** Names that may appear in the `headers="…"` list of the Authorization header. */
export type SignedHeaderName =
  | 'request-line'
  | 'x-date'
  | 'content-type'
  | 'content-length'
  | 'content-sha512';

/**
 * The order of Ingo's Session Create page. Ingo's quick start documents
 * `request-line x-date content-type content-sha512 content-length`; both verify.
 */
export const DEFAULT_SIGNED_HEADERS: readonly SignedHeaderName[] = [
  'request-line',
  'x-date',
  'content-type',
  'content-length',
  'content-sha512',
];

const ALL_SIGNED_HEADERS: ReadonlySet<string> = new Set(DEFAULT_SIGNED_HEADERS);

/** A JSON value; objects are serialised once with `JSON.stringify`. */
export type JsonBody = Record<string, unknown> | readonly unknown[];

export interface SignRequestOptions {
  /** HTTP method, e.g. `POST`. Upper-cased for the request line. */
  method: string;
  /** Path including any query string, e.g. `/api/v1/sessions/point-in-time/plugin`. */
  path: string;
  /**
   * The body. A string or bytes are sent exactly as given (a string as UTF-8); an object or
   * array is serialised once with `JSON.stringify`. Send the returned `body`, not your input.
   */
  body: string | Uint8Array | JsonBody;
  username: string;
  secret: string;
  /** The request time; defaults to now. Ingo rejects an `X-Date` more than 300 s off. */
  date?: Date;
  /** The order of the signed headers; any permutation of all five names. */
  signedHeaders?: readonly SignedHeaderName[];
  /** `hmac-sha512` (default). `hmac-sha256` is Ingo's legacy mode; see the README. */
  algorithm?: SigningAlgorithm;
}

/** The headers Ingo requires, with the names Ingo documents. */
export interface IngoSignedHeaders {
  Authorization: string;
  'X-Date': string;
  'Content-Type': 'application/json';
  'Content-Length': string;
  'Content-sha512': string;
}

export interface SignedRequest {
  headers: IngoSignedHeaders;
  /** The exact bytes that were hashed and signed: send these and nothing else. */
  body: Uint8Array;
  /** The string that was signed; useful when comparing with another implementation. */
  signingString: string;
}

const encoder = new TextEncoder();

/** Serialises the body exactly once. */
export function bodyBytes(body: SignRequestOptions['body']): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return encoder.encode(body);
  if (body === null || typeof body !== 'object') {
    throw new IngoConfigError(
      'signRequest: body must be a string, a Uint8Array, or a JSON object or array.',
    );
  }
  return encoder.encode(JSON.stringify(body));
}

/** `base64(SHA-512(bytes))`, the value of `Content-sha512`. */
export async function contentSha512(bytes: Uint8Array): Promise<string> {
  return backend.sha512Base64(bytes);
}

/** `base64(HMAC(secret, message))` with SHA-512 or SHA-256. */
export async function hmacBase64(
  hash: 'SHA-512' | 'SHA-256',
  secret: string,
  message: string | Uint8Array,
): Promise<string> {
  return backend.hmacBase64(hash, secret, message);
}

// RFC 7230 token: what an HTTP method may contain.
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible ASCII without spaces: anything else would corrupt the request line.
const PATH = /^\/[\x21-\x7e]*$/;
// The username is quoted inside the Authorization header; quotes, backslashes or
// control characters would end the quoted string early or split the header.
const USERNAME = /^[\x20-\x7e]+$/;

/**
 * Lists already checked, by identity: the client passes the same constant (or the caller's
 * option) on every request. The names are compared again on use, so a list mutated since is
 * checked afresh.
 */
const checkedLists = new WeakMap<readonly string[], readonly SignedHeaderName[]>();

function checkSignedHeaders(list: readonly string[]): readonly SignedHeaderName[] {
  const known = checkedLists.get(list);
  if (known && known.length === list.length && known.every((name, i) => name === list[i])) {
    return known;
  }
  const checked = validateSignedHeaders(list);
  checkedLists.set(list, checked);
  return checked;
}

function validateSignedHeaders(list: readonly string[]): readonly SignedHeaderName[] {
  const seen = new Set<string>();
  for (const raw of list) {
    const name = raw.toLowerCase();
    if (!ALL_SIGNED_HEADERS.has(name)) {
      throw new IngoConfigError(
        `signRequest: cannot sign "${raw}". signedHeaders must be a permutation of ` +
          `${DEFAULT_SIGNED_HEADERS.join(', ')}.`,
      );
    }
    if (seen.has(name)) {
      throw new IngoConfigError(`signRequest: "${name}" appears twice in signedHeaders.`);
    }
    seen.add(name);
  }
  const missing = DEFAULT_SIGNED_HEADERS.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    // Ingo documents all five as required and signed; leaving one out would leave it forgeable.
    throw new IngoConfigError(
      `signRequest: signedHeaders must include every one of ${DEFAULT_SIGNED_HEADERS.join(', ')}; ` +
        `missing ${missing.join(', ')}.`,
    );
  }
  return [...seen] as SignedHeaderName[];
}

/**
 * Signs one request for Ingo. Returns the headers to send and the exact body bytes that were
 * hashed and signed. The secret only ever reaches the crypto backend's HMAC.
 */
export async function signRequest(options: SignRequestOptions): Promise<SignedRequest> {
  const { method, path, username, secret } = options;
  const algorithm = options.algorithm ?? 'hmac-sha512';
  if (algorithm !== 'hmac-sha512' && algorithm !== 'hmac-sha256') {
    throw new IngoConfigError(
      `signRequest: algorithm must be "hmac-sha512" or "hmac-sha256", not "${String(algorithm)}".`,
    );
  }
  if (typeof method !== 'string' || !METHOD.test(method)) {
    throw new IngoConfigError('signRequest: method must be an HTTP method such as "POST".');
  }
  if (typeof path !== 'string' || !PATH.test(path)) {
    throw new IngoConfigError(
      'signRequest: path must start with "/" and contain no spaces or non-ASCII characters ' +
        '(percent-encode them), e.g. "/api/v1/sessions/point-in-time/plugin".',
    );
  }
  if (typeof username !== 'string' || !USERNAME.test(username) || /["\\]/.test(username)) {
    throw new IngoConfigError(
      'signRequest: username must be a non-empty string of printable ASCII without quotes or backslashes.',
    );
  }
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new IngoConfigError('signRequest: secret must be a non-empty string.');
  }
  const date = options.date ?? new Date();
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new IngoConfigError('signRequest: date must be a valid Date.');
  }
  const signedHeaders = checkSignedHeaders(options.signedHeaders ?? DEFAULT_SIGNED_HEADERS);

  const body = bodyBytes(options.body);
  // A synchronous backend (node:crypto) answers strings: awaiting only promises saves a
  // microtask turn per digest.
  const digest = backend.sha512Base64(body);
  const headers = {
    'X-Date': date.toUTCString(),
    'Content-Type': 'application/json',
    'Content-Length': String(body.byteLength),
    'Content-sha512': typeof digest === 'string' ? digest : await digest,
  } as const;
  const values: Record<Exclude<SignedHeaderName, 'request-line'>, string> = {
    'x-date': headers['X-Date'],
    'content-type': headers['Content-Type'],
    'content-length': headers['Content-Length'],
    'content-sha512': headers['Content-sha512'],
  };
  const signingString = signedHeaders
    .map((name) =>
      name === 'request-line'
        ? `${method.toUpperCase()} ${path} HTTP/1.1`
        : `${name}: ${values[name]}`,
    )
    .join('\n');
  const mac = backend.hmacBase64(
    algorithm === 'hmac-sha512' ? 'SHA-512' : 'SHA-256',
    secret,
    signingString,
  );
  const signature = typeof mac === 'string' ? mac : await mac;
  return {
    headers: {
      Authorization:
        `hmac username="${username}", algorithm="${algorithm}", ` +
        `headers="${signedHeaders.join(' ')}", signature="${signature}"`,
      ...headers,
    },
    body,
    signingString,
  };
}
