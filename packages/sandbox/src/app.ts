/**
 * The sandbox as a Fetch-API application (Hono): `createSandbox(options)` → `{ fetch, state,
 * close }`. One route module per group (src/routes/*), all state in one store (src/store.ts).
 * It runs in-process (`sandbox.fetch(request)`: no port, no socket) or behind the Node adapter
 * (`startSandbox`, src/server.ts), which the CLI uses.
 */
import { Hono } from 'hono';
import { type BrowserAssets, loadBrowserAssets } from './assets.js';
import {
  type Config,
  resolveConfig,
  SandboxConfigError,
  type SandboxOptions,
  SESSION_CREATE_PATH,
} from './config.js';
import { InvalidFaultError } from './faults.js';
import {
  HttpError,
  isDropped,
  json,
  type RouteContext,
  type SandboxContext,
  type SandboxEnv,
} from './http.js';
import { PULL_PATH, PUSH_PATH } from './ingopay.js';
import { controlRoutes, unknownControlRoute } from './routes/control.js';
import { hostedPageRoutes } from './routes/hosted-page.js';
import { ingoPayRoutes } from './routes/ingopay.js';
import { pageApiRoutes } from './routes/page-api.js';
import { sdkRoutes } from './routes/sdk.js';
import { sessionApiRoutes } from './routes/session-api.js';
import { webhookInfo, webhookRoutes } from './routes/webhooks.js';
import { createStore, type SandboxState, type Store } from './store.js';

export interface Sandbox {
  /**
   * The app as a `fetch` function: hand it to anything that takes one (e.g. @ingo-embed/server's
   * `createIngoClient({ fetch: sandbox.fetch, … })`). Any origin works in the URL; answers name the
   * same origin (an `authorized_url` of `http://sandbox.test/…` for a request to `http://sandbox.test`).
   * A `drop` or `dropAfterCommit` fault rejects with a TypeError, as `fetch` does when the
   * connection is lost.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Sessions, transactions, tokens, webhooks and faults, read and changed directly. */
  readonly state: SandboxState;
  /** Cancels pending timers, webhook retries and requests in flight. Idempotent. */
  close(): Promise<void>;
}

/** What the Node adapter needs beyond the public face: the raw app and where browsers reach it. */
export interface SandboxApp {
  app: Hono<SandboxEnv>;
  store: Store;
}

/**
 * Builds the routes on a store. `publicBase` tells the origin to put in `authorized_url`s; the
 * in-process default is the request's own origin.
 */
export function buildApp(
  config: Config,
  options: Pick<SandboxOptions, 'faults'>,
  publicBase: (c: SandboxContext) => string = (c) => new URL(c.req.url).origin,
): SandboxApp {
  let store: Store;
  try {
    store = createStore(config, options.faults);
  } catch (error) {
    if (error instanceof InvalidFaultError)
      throw new SandboxConfigError(`faults: ${error.message}`);
    throw error;
  }
  let assets: BrowserAssets | undefined;
  // Loaded on first use, so an in-process sandbox without the browser bundles still serves the APIs.
  const browserAssets = () => {
    assets ??= loadBrowserAssets();
    return assets;
  };
  const ctx: RouteContext = { store, publicBase };
  const app = new Hono<SandboxEnv>();

  sessionApiRoutes(app, ctx);
  ingoPayRoutes(app, ctx);
  sdkRoutes(app, ctx, browserAssets);
  pageApiRoutes(app, ctx);
  hostedPageRoutes(app, ctx, browserAssets);
  controlRoutes(app, ctx);
  webhookRoutes(app, ctx);
  unknownControlRoute(app);
  app.get('/', (c) =>
    c.req.method === 'GET'
      ? json(200, {
          name: 'Ingo Payments sandbox (@ingo-embed/sandbox)',
          session_create: `POST ${SESSION_CREATE_PATH}`,
          ingopay_push: `POST ${PUSH_PATH}`,
          ingopay_pull: `POST ${PULL_PATH}`,
          sdk: '/sdk.js',
          control: [
            'GET /__sandbox/sessions',
            'GET /__sandbox/transactions',
            'GET|POST /__sandbox/tokens',
            'GET /__sandbox/webhooks',
            'GET|PUT /__sandbox/settings',
            'POST /__sandbox/reset',
            'GET|POST|DELETE /__sandbox/faults',
          ],
          webhooks: webhookInfo(ctx),
        })
      : c.notFound(),
  );

  app.notFound((c) => {
    const status = 404;
    return json(status, { status, client_message: `nothing at ${c.req.method} ${c.req.path}` });
  });
  app.onError((error, c) => {
    if (error instanceof HttpError || error instanceof InvalidFaultError) {
      const status = error instanceof HttpError ? error.status : 400;
      return json(status, { status, client_message: error.message });
    }
    config.log(`500 ${c.req.method} ${c.req.path}: ${error.stack ?? String(error)}`);
    return json(500, { status: 500, client_message: `Sandbox internal error: ${error.message}` });
  });
  return { app, store };
}

/**
 * The sandbox in-process: no port, no socket. `port` and `host` are ignored (they belong to
 * `startSandbox`). Throws SandboxConfigError for bad options.
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const config = resolveConfig(options);
  const { app, store } = buildApp(config, options);
  let closed: Promise<void> | undefined;
  return {
    async fetch(input, init) {
      const request =
        input instanceof Request && init === undefined ? input : new Request(input, init);
      const response = await app.fetch(request, {});
      if (isDropped(response)) {
        throw new TypeError('fetch failed', {
          cause: new Error('the sandbox dropped the connection (fault drop / dropAfterCommit)'),
        });
      }
      return response;
    },
    state: store.state,
    close() {
      closed ??= Promise.resolve(store.close());
      return closed;
    },
  };
}
