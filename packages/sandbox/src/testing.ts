/**
 * `@ingo-embed/sandbox/testing`: the sandbox in customers' own tests, with any test runner.
 * `startTestSandbox()` starts one on a free port or in-process; `connectSandbox(url)` drives one
 * that runs elsewhere (the CLI, another process). Both give the same typed client of the control
 * API: reset, faults, sessions, transactions, tokens, webhooks, the event envelope.
 */
import { createSandbox } from './app.js';
import { SANDBOX_DEFAULTS, type SandboxOptions } from './config.js';
import type { ActiveFault, FaultSpec } from './faults.js';
import type { IssuedToken, TokenDestination } from './ingopay-store.js';
import type { EventEnvelope } from './protocol.js';
import { startSandbox } from './server.js';
import type { SessionView, TransactionView } from './store.js';
import type { WebhookDeliveryView } from './webhooks.js';

export type { SandboxOptions } from './config.js';
export type { ActiveFault, FaultSpec, FaultTarget } from './faults.js';
export { FUNDING_TEST_DATA, type FundingOutcome } from './funding-data.js';
export type { IssuedToken, TokenDestination } from './ingopay-store.js';
export type { EventEnvelope } from './protocol.js';
export type { SessionView, TransactionView } from './store.js';
export type { WebhookDeliveryView } from './webhooks.js';

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** The base URL an in-process sandbox answers for (any origin works; this one is the default). */
export const IN_PROCESS_URL = 'http://sandbox.test';

/**
 * What `createIngoClient` from @ingo-embed/server takes to talk to this sandbox:
 * `createIngoClient(sandbox.clientOptions())`.
 */
export interface SandboxClientOptions {
  environment: 'sandbox';
  username: string;
  secret: string;
  participantId: string;
  sessionApiUrl: string;
  ingoPayApiUrl: string;
  fetch: Fetch;
}

export interface WaitOptions {
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Default 50 ms. */
  intervalMs?: number;
}

export interface SandboxClient {
  /** Base URL, e.g. `http://127.0.0.1:53124` (in-process: `http://sandbox.test`). */
  readonly url: string;
  /** `fetch` that reaches this sandbox (in-process: the app itself; otherwise the global fetch). */
  readonly fetch: Fetch;
  /** The SDK script to load in a page: `${url}/sdk.js`. */
  readonly sdkUrl: string;
  /** Options for @ingo-embed/server's `createIngoClient`, pointing at this sandbox. */
  clientOptions(): SandboxClientOptions;
  /** Forgets sessions, tokens, transactions, faults and webhooks (POST /__sandbox/reset). */
  reset(): Promise<void>;
  sessions(): Promise<SessionView[]>;
  /** One session; throws when the sandbox has none with this id. */
  session(sessionIdentifier: string): Promise<SessionView>;
  /** IngoPay transactions, oldest first; only those of one token with `customerAccountToken`. */
  transactions(filter?: { customerAccountToken?: string }): Promise<TransactionView[]>;
  tokens(): Promise<IssuedToken[]>;
  /** A `customer_account_token` of `destination`, as if the hosted page had issued it. */
  mintToken(destination: TokenDestination): Promise<string>;
  webhooks(): Promise<WebhookDeliveryView[]>;
  /** Polls the webhook list until one matches (e.g. delivered); throws after the timeout. */
  waitForWebhook(
    match: (webhook: WebhookDeliveryView) => boolean,
    options?: WaitOptions,
  ): Promise<WebhookDeliveryView>;
  readonly faults: {
    /** Adds faults (they apply in order; see the README's fault list). */
    add(faults: FaultSpec | readonly FaultSpec[]): Promise<ActiveFault[]>;
    list(): Promise<ActiveFault[]>;
    clear(): Promise<void>;
  };
  /** The SDK event payload shape for pages loaded from now on (reset restores the option). */
  setEventEnvelope(envelope: EventEnvelope): Promise<void>;
}

export interface TestSandbox extends SandboxClient {
  /** `port`: startSandbox on a free port (default); `in-process`: createSandbox, no socket. */
  readonly mode: 'port' | 'in-process';
  close(): Promise<void>;
}

export interface TestSandboxOptions extends SandboxOptions {
  /** Run without a port: `fetch` reaches the app directly (browsers cannot load it). */
  inProcess?: boolean;
}

export interface ConnectOptions {
  /** Another fetch (default: the global one). */
  fetch?: Fetch;
  /** The credentials the sandbox was started with (default: the sandbox defaults). */
  username?: string;
  secret?: string;
  participantId?: string;
}

export class SandboxClientError extends Error {
  override name = 'SandboxClientError';
}

/** A client of the sandbox at `url` (started by the CLI, `startSandbox` or anything else). */
export function connectSandbox(url: string, options: ConnectOptions = {}): SandboxClient {
  const base = url.replace(/\/+$/, '');
  const fetchImpl: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetchImpl(`${base}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new SandboxClientError(`${method} ${path}: HTTP ${response.status} ${text}`);
    }
    return JSON.parse(text) as T;
  }

  const client: SandboxClient = {
    url: base,
    fetch: fetchImpl,
    sdkUrl: `${base}/sdk.js`,
    clientOptions: () => ({
      environment: 'sandbox',
      username: options.username ?? SANDBOX_DEFAULTS.username,
      secret: options.secret ?? SANDBOX_DEFAULTS.secret,
      participantId: options.participantId ?? SANDBOX_DEFAULTS.participantId,
      sessionApiUrl: base,
      ingoPayApiUrl: base,
      fetch: fetchImpl,
    }),
    reset: async () => {
      await call('POST', '/__sandbox/reset');
    },
    sessions: async () =>
      (await call<{ sessions: SessionView[] }>('GET', '/__sandbox/sessions')).sessions,
    session: async (id) => {
      const found = (await client.sessions()).find((s) => s.session_identifier === id);
      if (!found) throw new SandboxClientError(`The sandbox has no session ${id}.`);
      return found;
    },
    transactions: async (filter = {}) => {
      const { transactions } = await call<{ transactions: TransactionView[] }>(
        'GET',
        '/__sandbox/transactions',
      );
      const token = filter.customerAccountToken;
      return token === undefined
        ? transactions
        : transactions.filter((t) => t.customer_account_token === token);
    },
    tokens: async () => (await call<{ tokens: IssuedToken[] }>('GET', '/__sandbox/tokens')).tokens,
    mintToken: async (destination) =>
      (
        await call<{ customer_account_token: string }>('POST', '/__sandbox/tokens', {
          destination,
        })
      ).customer_account_token,
    webhooks: async () =>
      (await call<{ webhooks: WebhookDeliveryView[] }>('GET', '/__sandbox/webhooks')).webhooks,
    waitForWebhook: async (match, { timeoutMs = 10_000, intervalMs = 50 } = {}) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await client.webhooks()).find(match);
        if (found) return found;
        if (Date.now() >= deadline) {
          throw new SandboxClientError(`No matching webhook within ${timeoutMs} ms.`);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    faults: {
      add: async (faults) =>
        (await call<{ faults: ActiveFault[] }>('POST', '/__sandbox/faults', faults)).faults,
      list: async () => (await call<{ faults: ActiveFault[] }>('GET', '/__sandbox/faults')).faults,
      clear: async () => {
        await call('DELETE', '/__sandbox/faults');
      },
    },
    setEventEnvelope: async (eventEnvelope) => {
      await call('PUT', '/__sandbox/settings', { eventEnvelope });
    },
  };
  return client;
}

/**
 * Starts a sandbox for a test file: on a free port (default; `port` to choose one) or
 * in-process (`inProcess: true`). Close it when done.
 */
export async function startTestSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const { inProcess = false, ...sandboxOptions } = options;
  const credentials = {
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.secret === undefined ? {} : { secret: options.secret }),
    ...(options.participantId === undefined ? {} : { participantId: options.participantId }),
  };
  if (inProcess) {
    const sandbox = createSandbox(sandboxOptions);
    const client = connectSandbox(IN_PROCESS_URL, { ...credentials, fetch: sandbox.fetch });
    return { ...client, mode: 'in-process', close: () => sandbox.close() };
  }
  const running = await startSandbox({ port: 0, ...sandboxOptions });
  const client = connectSandbox(running.url, credentials);
  return { ...client, mode: 'port', close: () => running.close() };
}
