// @ts-check
/**
 * The custom element demo's server: `node:http` and nothing else. One Fetch-API function answers
 * every request, adapted to `node:http` by `toNodeHandler` of @ingo-embed/server:
 *
 * | route                                     | what                                                          |
 * | ----------------------------------------- | ------------------------------------------------------------- |
 * | `GET /`                                   | the page, its first session, account and nonce rendered in    |
 * | `GET /page.js`, `/demo.css`, `/vendor/…`  | the page's script and styles, and the packages' built files   |
 * | `POST /api/ingo/session`                  | the session endpoint (`createSessionHandler`)                 |
 * | `POST /api/ingo/webhook`                  | Ingo's webhooks                                               |
 * | `/api/demo/recipient`, `account`, `payout` | the demo's recipient profile, kept account and payouts       |
 *
 * The server half of the demo (the Ingo client, the visitors' profiles and accounts, payouts and
 * webhooks) is @ingo-embed/demo-kit's, shared with the Next.js, Nuxt and SvelteKit demos.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  DESTINATIONS,
  describeAccount,
  PAYOUTS,
  payoutsFor,
  RECIPIENT_FIELDS,
} from '@ingo-embed/demo-kit/page';
import {
  demoServer,
  newVisitor,
  VISITOR_COOKIE,
  VISITOR_COOKIE_OPTIONS,
  visitorFromCookie,
} from '@ingo-embed/demo-kit/server';
// Importing the element's package on a server is safe: it defines nothing there.
import { ingoPreloadLinks } from '@ingo-embed/element';
import { createSessionHandler, toNodeHandler } from '@ingo-embed/server';

const PORT = Number(process.env.PORT ?? 5176);
/** In production the page's files are read once; in dev at each request, so that edits show. */
const PRODUCTION = process.env.NODE_ENV === 'production';
const SESSION_URL = '/api/ingo/session';

/** @typedef {{ visitor: string | undefined }} Locals */

/**
 * The session endpoint's handler: it signs Ingo's Session Create call with the secret (server
 * only) for the signed-in visitor's recipient details, which never come from the browser.
 */
const sessionHandler = createSessionHandler(
  /** @type {import('@ingo-embed/server').SessionHandlerOptions<Locals>} */ ({
    // The Ingo client from INGO_* variables (the local sandbox when there are none).
    client: demoServer().client,
    // Tells the browser where Ingo's SDK script is.
    sdkUrl: demoServer().sdkUrl,
    // Your app: the signed-in user and their recipient details from your database; null → 401.
    resolveSession: (_request, { locals }) => demoServer().signedIn(locals?.visitor),
  }),
);

/** The built files the page imports through its import map, as a CDN would serve them. */
const VENDOR_DIRECTORIES = {
  '/vendor/core/': new URL('./', import.meta.resolve('@ingo-embed/core')),
  '/vendor/element/': new URL('./', import.meta.resolve('@ingo-embed/element')),
};
/** Single files: the page's script, the demos' stylesheet and demo-kit's page helpers. */
const FILES = {
  '/page.js': new URL('./public/page.js', import.meta.url),
  '/demo.css': new URL(import.meta.resolve('@ingo-embed/demo-kit/demo.css')),
  '/vendor/demo-kit/page.js': new URL(import.meta.resolve('@ingo-embed/demo-kit/page')),
};
const PAGE = new URL('./public/index.html', import.meta.url);

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

/** @type {Map<string, Promise<string>>} */
const cache = new Map();
/** @param {URL} file */
function read(file) {
  const path = fileURLToPath(file);
  let text = cache.get(path);
  if (!text) {
    text = readFile(path, 'utf8');
    if (PRODUCTION) cache.set(path, text);
  }
  return text;
}

/** @param {URL} file @param {string} [cacheControl] */
async function serveFile(file, cacheControl = 'no-cache') {
  const extension = /** @type {keyof typeof TYPES} */ (
    file.pathname.slice(file.pathname.lastIndexOf('.'))
  );
  return new Response(await read(file), {
    headers: {
      'content-type': `${TYPES[extension] ?? 'application/octet-stream'}; charset=utf-8`,
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** The visitor a request's cookie names: the demo's stand-in for your sign-in. */
/** @param {Request} request */
function visitorOf(request) {
  const prefix = `${VISITOR_COOKIE}=`;
  const pair = (request.headers.get('cookie') ?? '')
    .split(/;\s*/)
    .find((part) => part.startsWith(prefix));
  return visitorFromCookie(pair?.slice(prefix.length));
}

/** @param {string} visitor */
function visitorCookie(visitor) {
  const { path, maxAge, sameSite } = VISITOR_COOKIE_OPTIONS;
  // Not `Secure`: the demo runs on http://localhost.
  return `${VISITOR_COOKIE}=${visitor}; Path=${path}; Max-Age=${maxAge}; SameSite=${sameSite}; HttpOnly`;
}

/** @param {string} text */
const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The recipient's fields, from demo-kit's data (as the framework demos render them): disabled
 * until page.js has loaded the profile into them.
 */
const recipientFieldsHtml = RECIPIENT_FIELDS.map(
  (row) =>
    `<div${row.length > 1 ? ' class="demo-row"' : ''}>${row
      .map(
        (field) =>
          `<label class="demo-field">${escapeHtml(field.label)}<input name="${field.key}" ` +
          `type="${field.type ?? 'text'}" autocomplete="${field.autocomplete}" required disabled /></label>`,
      )
      .join('')}</div>`,
).join('');

/**
 * The destinations, from demo-kit's data; checked: the `destination` the page's
 * `<ingo-funding-form>` starts with.
 */
const destinationsHtml = DESTINATIONS.map(
  ({ value, label }) =>
    `<label><input type="radio" name="destination" value="${value}"` +
    `${value === 'debit' ? ' checked' : ''} /> ${escapeHtml(label)}</label>`,
).join('');

/**
 * The account the server keeps and its "Move money" buttons, as page.js's `showAccount` renders
 * them (the same markup: page.js renders it again, with its listeners, and nothing moves).
 * @param {import('@ingo-embed/demo-kit/page').SavedAccount | undefined} account
 */
function accountHtml(account) {
  if (!account) return '';
  const buttons = payoutsFor(account)
    .map(
      (action) =>
        `<button class="demo-button" type="button">${escapeHtml(PAYOUTS[action].label)}</button>`,
    )
    .join('');
  return (
    `<p data-testid="server-account">Saved on the server: ${escapeHtml(describeAccount(account))}</p>` +
    `<section class="demo-payouts" aria-labelledby="payouts-title"><h3 id="payouts-title">Move money</h3>${buttons}<div></div></section>`
  );
}

/**
 * The page. The server hands out the visitor cookie (the demo's "sign-in"), creates the form's
 * first session while it renders (the element mounts it without asking), renders the account it
 * keeps for the visitor and the SDK's resource hints, and sends a Content-Security-Policy whose
 * nonce the element passes on to the SDK's `<script>`.
 * @param {Request} request
 */
async function page(request) {
  /** @type {Record<string, string>} */
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    // The page carries a session of this visitor: never to be cached or shared.
    'cache-control': 'private, no-store',
  };
  let visitor = visitorOf(request);
  if (!visitor) {
    visitor = newVisitor();
    headers['set-cookie'] = visitorCookie(visitor);
  }
  // The same handler, user binding and Ingo call as POST /api/ingo/session; null (Ingo failing)
  // lets the element ask the endpoint itself.
  const initialSession = await sessionHandler.initialSession(request, {
    destination: 'debit',
    locals: { visitor },
  });
  const sdkUrl = initialSession?.sdkUrl ?? demoServer().sdkUrl;
  const nonce = randomBytes(16).toString('base64');
  headers['content-security-policy'] =
    `script-src 'self' 'nonce-${nonce}'; object-src 'none'; base-uri 'none'`;
  const hints = sdkUrl
    ? ingoPreloadLinks({ sdkUrl, sessionOrigin: initialSession?.authorizedUrl })
        .map(
          ({ rel, href, as }) =>
            `<link rel="${rel}" href="${escapeHtml(href)}"${as ? ` as="${as}" nonce="${nonce}"` : ''}>`,
        )
        .join('\n    ')
    : '';
  // The account the server already keeps (an earlier visit, or Ingo's webhook), in the page's
  // markup: it takes its space at the first paint.
  const account = demoServer().accountOf(visitor);
  // Data blocks, never run; `<` escaped so that no value can close the tag.
  const json = (/** @type {unknown} */ value) =>
    JSON.stringify(value ?? null).replaceAll('<', '\\u003c');
  // Replacer functions: a `$` in a value is no replacement pattern.
  const html = (await read(PAGE))
    .replaceAll('%NONCE%', () => nonce)
    .replace('<!--ingo:preload-->', () => hints)
    .replace('<!--ingo:recipient-fields-->', () => recipientFieldsHtml)
    .replace('<!--ingo:destinations-->', () => destinationsHtml)
    .replace('id="initial-session">null<', () => `id="initial-session">${json(initialSession)}<`)
    .replace('id="initial-account">null<', () => `id="initial-account">${json(account)}<`)
    .replace(
      '<div id="server-account"></div>',
      () => `<div id="server-account">${accountHtml(account)}</div>`,
    );
  return new Response(html, { headers });
}

/**
 * The API routes. Each finds the visitor from the cookie and hands the `Request` on; in your app
 * these are your backend's routes.
 * @type {Record<string, (request: Request, visitor: string | undefined, remoteAddress: string | undefined) => Promise<Response>>}
 */
const API = {
  [SESSION_URL]: (request, visitor) => sessionHandler(request, { visitor }),
  // Ingo calls it, not the browser: no cookie. The Request goes on unread (the signature covers
  // the raw body), with the socket's address.
  '/api/ingo/webhook': (request, _visitor, remoteAddress) =>
    demoServer().webhook(request, remoteAddress),
  '/api/demo/recipient': (request, visitor) => demoServer().recipient(request, visitor),
  '/api/demo/account': (request, visitor) => demoServer().account(request, visitor),
  '/api/demo/payout': (request, visitor) => demoServer().payout(request, visitor),
};

/**
 * Every request.
 * @param {Request} request
 * @param {{ remoteAddress: string | undefined }} context
 * @returns {Promise<Response>}
 */
async function handle(request, { remoteAddress }) {
  const { pathname } = new URL(request.url);
  const api = API[pathname];
  if (api) return api(request, visitorOf(request), remoteAddress);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
  }
  if (pathname === '/') return page(request);
  const file = FILES[/** @type {keyof typeof FILES} */ (pathname)];
  if (file) return serveFile(file);
  for (const [prefix, directory] of Object.entries(VENDOR_DIRECTORIES)) {
    const name = pathname.slice(prefix.length);
    // One file of the package's dist, by plain name: nothing else can be reached.
    if (pathname.startsWith(prefix) && /^[\w.-]+\.js$/.test(name)) {
      return serveFile(new URL(name, directory)).catch(() => notFound());
    }
  }
  return notFound();
}

const notFound = () => new Response('Not found', { status: 404 });

createServer(toNodeHandler(handle)).listen(PORT, () => {
  console.log(`Custom element demo: http://localhost:${PORT}/`);
});
