/**
 * `ingoDemoServer()`: a Vite plugin that gives a demo app the server half of the integration,
 * inside its own dev (and preview) server:
 *
 * - `POST /api/ingo/session`: `@ingo-embed/server`'s session handler, signed with the `INGO_*`
 *   credentials (or the local sandbox's defaults when none are set);
 * - `GET|PUT /api/demo/recipient`: the visitor's recipient profile, kept on the server.
 *
 * In your own app these are routes of your backend; see packages/server/README.md.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createSessionHandler,
  type EnvSource,
  ingoClientFromEnv,
  readIngoEnv,
  validateRecipient,
} from '@ingo-embed/server';
import type { Plugin } from 'vite';
import { newVisitor, ProfileStore, VISITOR_COOKIE, visitorFrom } from './profile.js';

export interface IngoDemoServerOptions {
  /** Where `INGO_*` variables are read from. Default `process.env`. */
  env?: EnvSource;
}

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage, limit = 8192): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('The request body is too large.');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Builds the demo's middleware; exported for tests. */
export function createDemoMiddleware(options: IngoDemoServerOptions = {}): Middleware {
  // Without INGO_* variables: the local sandbox, with its default credentials.
  const env = options.env ?? process.env;
  const { sdkUrl } = readIngoEnv(env);
  const profiles = new ProfileStore();
  const sessionEndpoint = createSessionHandler({
    client: ingoClientFromEnv(env),
    ...(sdkUrl === undefined ? {} : { sdkUrl }),
    // Your app: look up the signed-in user and their recipient details in your database.
    resolveSession(request) {
      const visitor = visitorFrom(request.headers.get('cookie'));
      return visitor ? { subject: visitor, recipient: profiles.get(visitor) } : null;
    },
  }).toNodeHandler();

  return (req, res, next) => {
    // The demo's stand-in for signing in: an anonymous visitor id in an HttpOnly cookie. It comes
    // with the first answer of all, the page itself, as a signed-in app's session cookie would:
    // were it handed out by the API, the page's first calls (the recipient form's and the funding
    // form's) would race, each make a visitor, and a retry would ask as someone else.
    let visitor = visitorFrom(req.headers.cookie);
    if (!visitor) {
      visitor = newVisitor();
      res.setHeader('set-cookie', `${VISITOR_COOKIE}=${visitor}; Path=/; HttpOnly; SameSite=Lax`);
      req.headers.cookie = `${VISITOR_COOKIE}=${visitor}`;
    }
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/api/ingo/session' && path !== '/api/demo/recipient') return next();
    if (path === '/api/ingo/session') {
      void sessionEndpoint(req, res, next);
      return;
    }
    if (req.method === 'GET') return sendJson(res, 200, profiles.get(visitor));
    if (req.method !== 'PUT') {
      res.setHeader('allow', 'GET, PUT');
      return sendJson(res, 405, { error: { message: 'Use GET or PUT.' } });
    }
    const id = visitor;
    readJson(req).then(
      (body) => {
        const recipient = profiles.clean(body);
        // The same rules the session endpoint applies: mistakes show up here, not in the form.
        const issues = validateRecipient(recipient).map((issue) => ({
          ...issue,
          field: issue.field.replace(/^recipient\./, ''),
        }));
        if (issues.length === 0) return sendJson(res, 200, profiles.set(id, recipient));
        const message = issues.map((issue) => `${issue.field} ${issue.message}`).join('; ');
        const fields = issues.map((issue) => issue.field);
        sendJson(res, 400, { error: { message: `Check: ${message}.`, fields } });
      },
      () => sendJson(res, 400, { error: { message: 'Send the recipient as a JSON object.' } }),
    );
  };
}

/** Adds the demo endpoints to Vite's dev and preview servers. */
export function ingoDemoServer(options: IngoDemoServerOptions = {}): Plugin {
  return {
    name: 'ingo-demo-server',
    configureServer(server) {
      server.middlewares.use(createDemoMiddleware(options));
    },
    configurePreviewServer(server) {
      server.middlewares.use(createDemoMiddleware(options));
    },
  };
}
