/**
 * The customer's side of the integration, as every benchmark runs it: `@ingo-embed/server`'s
 * session endpoint (createSessionHandler + toNodeHandler) signing requests to a local sandbox.
 */
import { SANDBOX_DEFAULTS } from '@ingo-embed/sandbox';
import {
  createIngoClient,
  createSessionHandler,
  type NodeHandler,
  type Recipient,
  type SessionHandler,
  toNodeHandler,
} from '@ingo-embed/server';

/** The path the bench pages (and the server benchmark) POST to. */
export const SESSION_PATH = '/api/ingo/session';

/** The signed-in user of every benchmark: Ingo quick start's recipient. */
export const BENCH_RECIPIENT: Recipient = {
  firstName: 'Jane',
  lastName: 'Doe',
  addressLine1: '123 Main St',
  city: 'Anytown',
  state: 'GA',
  zipCode: '30301',
  emailAddress: 'jane.doe@example.com',
};

export interface BenchEndpointOptions {
  /** The sandbox's base URL, e.g. `http://127.0.0.1:4010`. */
  sandboxUrl: string;
  /** Called with every failure the browser only sees as a 4xx/5xx. */
  onError?: (error: unknown) => void;
}

/**
 * The session endpoint as Node middleware. No retries: a failed Session Create must show up as a
 * failed request in the numbers, not as a slow one.
 */
export function benchSessionEndpoint(options: BenchEndpointOptions): NodeHandler {
  return toNodeHandler(benchSessionHandler(options));
}

/**
 * The same endpoint as a Fetch-API handler, whose `initialSession()` the pages' server calls to
 * create a session while it renders a page.
 */
export function benchSessionHandler({ sandboxUrl, onError }: BenchEndpointOptions): SessionHandler {
  const client = createIngoClient({
    username: SANDBOX_DEFAULTS.username,
    secret: SANDBOX_DEFAULTS.secret,
    environment: 'sandbox',
    sessionApiUrl: sandboxUrl,
    maxRetries: 0,
  });
  return createSessionHandler({
    client,
    resolveSession: () => ({ subject: 'bench-user', recipient: BENCH_RECIPIENT }),
    onError: (error) => onError?.(error),
  });
}
