/**
 * The hosted iFrame page: `GET /session/:id?t&h&destination&parent_origin&channel` (consumes the
 * authorized URL, renders the flow or an error page) and the page's own script and stylesheet.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserAssets } from '../assets.js';
import { applyFault } from '../fault-answers.js';
import { renderPage } from '../html.js';
import {
  HttpError,
  type RouteContext,
  type SandboxContext,
  type SandboxRouter,
  text,
} from '../http.js';
import { stringsFor } from '../i18n.js';
import { PAGE_CSS } from '../page-css.js';
import {
  type ErrorBootstrap,
  type FlowBootstrap,
  isFundingDestination,
  MOUNT_PARAMS,
} from '../protocol.js';
import type { Mount, Session } from '../session-store.js';

/** A session id as the sandbox issues them; anything else under /session/ is a tampered URL. */
export const SESSION_ID = '[0-9a-f-]{36}';

export function hostedPageRoutes(
  app: SandboxRouter,
  { store }: RouteContext,
  assets: () => BrowserAssets,
): void {
  const { config } = store;
  const frameAncestors = config.origins.patterns.join(' ');
  const pageHeaders = (): Record<string, string> => ({
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "img-src 'self' data:",
      "form-action 'none'",
      "base-uri 'none'",
      `frame-ancestors ${frameAncestors}`,
    ].join('; '),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  const tracerToken = () => `${config.participantId}_${randomUUID()}`;

  function hostedPage(c: SandboxContext, sessionId: string): Response {
    const query = new URL(c.req.url).searchParams;
    const destination = query.get(MOUNT_PARAMS.destination);
    const parentOrigin = query.get(MOUNT_PARAMS.parentOrigin);
    const channel = query.get(MOUNT_PARAMS.channel);
    const known = store.sessions.sessions.get(sessionId);
    const { locale, strings } = stringsFor(known?.request.language_locale_code);
    const envelope = store.state.eventEnvelope;

    const errorPage = (
      status: number,
      event: ErrorBootstrap['event'],
      reason: string,
      session?: Session,
    ) => {
      // Events go only to an allowed origin; otherwise the page shows the error and stays silent.
      const canPost =
        parentOrigin !== null && config.origins.matches(parentOrigin) && channel !== null;
      const bootstrap: ErrorBootstrap = {
        kind: 'error',
        event,
        reason,
        locale,
        strings,
        ...(envelope === 'flat' ? {} : { envelope }),
        ...(canPost ? { parentOrigin, channel } : {}),
        ...(session ? { sessionId: session.id, tracerToken: tracerToken() } : {}),
        ...(isFundingDestination(destination) ? { destination } : {}),
      };
      if (session) store.sessions.log(session, 'url_rejected', { reason, event });
      config.log(`${status} hosted page ${sessionId}: ${reason}`);
      const html = renderPage(bootstrap, strings.session_error_title);
      return text(status, 'text/html; charset=utf-8', html, pageHeaders());
    };

    if (parentOrigin === null || channel === null || !config.origins.matches(parentOrigin)) {
      return errorPage(403, 'PLUGIN_ERROR', 'origin', known);
    }
    if (!isFundingDestination(destination))
      return errorPage(400, 'PLUGIN_ERROR', 'destination', known);
    const check = store.sessions.consumeUrl(sessionId, query.get('t'), query.get('h'));
    if (!check.ok) {
      const event = check.reason === 'expired' ? 'SESSION_EXPIRED' : 'SESSION_ERROR';
      return errorPage(check.reason === 'tampered' ? 403 : 410, event, check.reason, check.session);
    }
    const session = check.session;
    const mount: Mount = {
      pageToken: randomUUID(),
      tracerToken: tracerToken(),
      destination,
      spent: false,
    };
    session.mount = mount;
    store.sessions.log(session, 'mounted', { destination, parent_origin: parentOrigin });
    const bootstrap: FlowBootstrap = {
      kind: 'flow',
      sessionId: session.id,
      tracerToken: mount.tracerToken,
      destination,
      parentOrigin,
      channel,
      pageToken: mount.pageToken,
      apiBase: `/session/${session.id}`,
      locale,
      strings,
      ...(envelope === 'flat' ? {} : { envelope }),
    };
    const html = renderPage(bootstrap, strings[`title_${destination}`] ?? '');
    return text(200, 'text/html; charset=utf-8', html, pageHeaders());
  }

  app.all('/assets/page.js', () => text(200, 'text/javascript; charset=utf-8', assets().page));
  app.all('/assets/page.css', () => text(200, 'text/css; charset=utf-8', PAGE_CSS));
  app.all(`/session/:id{${SESSION_ID}}`, async (c) => {
    if (c.req.method !== 'GET') throw new HttpError(405, 'use GET for the hosted page');
    return (await applyFault(store, 'page')) ?? hostedPage(c, c.req.param('id'));
  });
  // Registered after the page API: a mangled session id is a tampered URL, shown like any other.
  app.get('/session/*', async (c) => {
    if (c.req.method !== 'GET') return c.notFound();
    const id = new URL(c.req.url).pathname.slice('/session/'.length);
    return (await applyFault(store, 'page')) ?? hostedPage(c, id);
  });
}
