/**
 * `@ingo-embed/demo-kit/server`: the server half the three sample apps share, written against the
 * Fetch API. Each app's own routes (Next.js route handlers, Nitro event handlers, SvelteKit
 * `+server.ts` files) find the signed-in visitor the framework's way, then hand the `Request`
 * and the visitor id to one of these methods (the session endpoint itself is each app's own
 * `createSessionHandler`, the file a customer copies):
 *
 * | route                          | method                                                |
 * | ------------------------------ | ----------------------------------------------------- |
 * | `POST /api/ingo/session`       | `createSessionHandler` with `client` and `signedIn()` |
 * | `GET, PUT /api/demo/recipient` | `recipient()`       |
 * | `GET, POST /api/demo/account`  | `account()`         |
 * | `POST /api/demo/payout`        | `payout()`          |
 * | `POST /api/ingo/webhook`       | `webhook()`         |
 *
 * In your app these are your backend's routes, and "the visitor" is your signed-in user.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  createMemoryWebhookStore,
  createParticipantIdReader,
  createWebhookHandler,
  type EnvSource,
  hmacSignatureVerifier,
  type IngoClient,
  ingoClientFromEnv,
  isIngoServerError,
  type PullResult,
  type PushResult,
  type Recipient,
  type ResolvedSession,
  readIngoEnv,
  validateRecipient,
} from '@ingo-embed/server';
import {
  ACCOUNT_TYPES,
  type Destination,
  PAYOUTS,
  type PayoutAction,
  type PayoutAnswer,
  payoutsFor,
  type SavedAccount,
} from './payouts.js';
import { ProfileStore } from './profile.js';

export type { PayoutAction, PayoutAnswer, SavedAccount } from './payouts.js';
export { DEFAULT_RECIPIENT } from './profile.js';

/** The demo's stand-in for a sign-in cookie: an anonymous visitor id, HttpOnly. */
export const VISITOR_COOKIE = 'ingo_demo_visitor';

/** Cookie attributes for {@link VISITOR_COOKIE}, in the shape every framework's cookie API takes. */
export const VISITOR_COOKIE_OPTIONS = {
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  // A year: the demo's "account" outlives a browser restart, like a real sign-in would.
  maxAge: 60 * 60 * 24 * 365,
} as const;

const VISITOR = /^[\w-]{8,64}$/;

/** A new visitor id. */
export function newVisitor(): string {
  return randomUUID();
}

/** The visitor id a cookie holds, or undefined when it is missing or not one of ours. */
export function visitorFromCookie(value: string | null | undefined): string | undefined {
  return value && VISITOR.test(value) ? value : undefined;
}

export interface DemoServerOptions {
  /** Where `INGO_*` variables are read from. Default `process.env`. */
  env?: EnvSource;
  /** Replaces the Ingo client made from `env` (tests). */
  client?: IngoClient;
}

export interface DemoServer {
  /** The Ingo client, from `INGO_*` variables (the local sandbox when there are none). */
  readonly client: IngoClient;
  /**
   * What `createSessionHandler`'s `resolveSession` returns for a visitor: who they are and their
   * recipient details, from the server's records; null when nobody is signed in (answered 401).
   */
  signedIn(visitor: string | undefined): ResolvedSession | null;
  /** `GET` / `PUT /api/demo/recipient`: the visitor's recipient profile. */
  recipient(request: Request, visitor: string | undefined): Promise<Response>;
  /** The visitor's recipient profile, for rendering it on the server. */
  recipientOf(visitor: string | undefined): Recipient;
  /** `GET` / `POST /api/demo/account`: the account (token) TOKEN_SUCCESS gave this visitor. */
  account(request: Request, visitor: string | undefined): Promise<Response>;
  /** The account the server keeps for the visitor, for rendering it on the server. */
  accountOf(visitor: string | undefined): SavedAccount | undefined;
  /** `POST /api/demo/payout` with `{ action, requestId }`: moves money with that account. */
  payout(request: Request, visitor: string | undefined): Promise<Response>;
  /**
   * `POST /api/ingo/webhook`: Ingo's webhooks (the sandbox's, locally). A tokenization event
   * keeps its token with the visitor it was made for, so no token is lost when the page never
   * handed it over. `remoteAddress` is the sender's address where the framework knows it.
   */
  webhook(request: Request, remoteAddress?: string): Promise<Response>;
  /** Where the browser loads Ingo's SDK script from (`INGO_SDK_URL`, or the local sandbox's). */
  readonly sdkUrl: string | undefined;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

function refuse(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { error: { message, ...extra } });
}

const SIGN_IN = 'Open the demo page first: it signs you in.';

/** Reads a small JSON body; undefined when it is not a JSON object. */
async function readObject(request: Request): Promise<Record<string, unknown> | undefined> {
  const text = await request.text().catch(() => '');
  if (text.length > 8192) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A browser's payout request id: what `crypto.randomUUID()` makes, and nothing header-hostile. */
const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;
const CUSTOMER_ACCOUNT_TOKEN = /^[\w-]{1,255}$/;

/** Builds the demo's server half. Throws `IngoConfigError` for bad `INGO_*` variables. */
export function createDemoServer(options: DemoServerOptions = {}): DemoServer {
  const env = options.env ?? process.env;
  const { sdkUrl } = readIngoEnv(env);
  const client = options.client ?? ingoClientFromEnv(env);
  const profiles = new ProfileStore();
  const accounts = new Map<string, SavedAccount>();
  // Keys the payout ids derived below. Per process: after a restart a retried click is a new
  // payout, which a real app avoids by storing its payout ids (see payout()).
  const payoutKey = randomBytes(32);

  const webhookHandler = createWebhookHandler({
    store: createMemoryWebhookStore(),
    // The session handler seals the visitor into participant_unique_id1 with a key derived from
    // the client's secret; this reads it back, so the event names its visitor without a table.
    identity: createParticipantIdReader({ client }),
    ...webhookAuthenticity(env),
    onEvent({ event, subject }) {
      if (!subject || !event.known) return;
      if (event.topic !== 'plugin.transaction.account.tokenization.success') return;
      const accountType = event.accountType as SavedAccount['accountType'];
      if (!Object.values(ACCOUNT_TYPES).includes(accountType)) return;
      // The page may have handed this token over already, with its destination: keep that.
      if (accounts.get(subject)?.customerAccountToken === event.customerAccountToken) return;
      accounts.set(subject, {
        customerAccountToken: event.customerAccountToken,
        accountType,
        source: 'webhook',
        savedAt: new Date().toISOString(),
      });
    },
  });

  return {
    sdkUrl,

    webhook: (request, remoteAddress) => webhookHandler(request, { remoteAddress }),

    client,

    signedIn: (visitor) =>
      visitor ? { subject: visitor, recipient: profiles.get(visitor) } : null,

    recipientOf: (visitor) => profiles.get(visitor),

    async recipient(request, visitor) {
      if (!visitor) return refuse(401, SIGN_IN);
      if (request.method === 'GET') return json(200, profiles.get(visitor));
      if (request.method !== 'PUT') return refuse(405, 'Use GET or PUT.', {});
      const body = await readObject(request);
      if (!body) return refuse(400, 'Send the recipient as a JSON object.');
      const recipient = profiles.clean(body);
      // The same rules the session endpoint applies: mistakes show up here, not in the form.
      const issues = validateRecipient(recipient).map((issue) => ({
        ...issue,
        field: issue.field.replace(/^recipient\./, ''),
      }));
      if (issues.length > 0) {
        const message = issues.map((issue) => `${issue.field} ${issue.message}`).join('; ');
        return refuse(400, `Check: ${message}.`, { fields: issues.map((issue) => issue.field) });
      }
      return json(200, profiles.set(visitor, recipient));
    },

    accountOf: (visitor) => (visitor ? accounts.get(visitor) : undefined),

    async account(request, visitor) {
      if (!visitor) return refuse(401, SIGN_IN);
      if (request.method === 'GET') return json(200, { account: accounts.get(visitor) ?? null });
      if (request.method !== 'POST') return refuse(405, 'Use GET or POST.');
      const body = await readObject(request);
      const token = body?.customerAccountToken;
      const destination = body?.destination;
      if (typeof token !== 'string' || !CUSTOMER_ACCOUNT_TOKEN.test(token)) {
        return refuse(400, 'Send { customerAccountToken, destination } from TOKEN_SUCCESS.');
      }
      if (typeof destination !== 'string' || !Object.hasOwn(ACCOUNT_TYPES, destination)) {
        return refuse(400, 'destination must be one of debit, credit, ach, billpay, paypal.');
      }
      // Your app: keep the token with the user in your database. TOKEN_SUCCESS reaches the
      // browser only; Ingo's webhook is how the server learns it when the page never calls.
      const dest = destination as Destination;
      const account: SavedAccount = {
        customerAccountToken: token,
        accountType: ACCOUNT_TYPES[dest],
        destination: dest,
        source: 'page',
        savedAt: new Date().toISOString(),
      };
      accounts.set(visitor, account);
      return json(200, { account });
    },

    async payout(request, visitor) {
      if (!visitor) return refuse(401, SIGN_IN);
      if (request.method !== 'POST') return refuse(405, 'Use POST.');
      const body = await readObject(request);
      const action = body?.action;
      const requestId = body?.requestId;
      if (typeof action !== 'string' || !Object.hasOwn(PAYOUTS, action)) {
        return refuse(400, 'action must be "send" or "collect".');
      }
      if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) {
        return refuse(400, 'requestId must be 8 to 64 letters, digits or "-" (a UUID works).');
      }
      const account = accounts.get(visitor);
      if (!account) return refuse(409, 'Add an account first: TOKEN_SUCCESS saves it here.');
      const payout = PAYOUTS[action as PayoutAction];
      const { accountType } = account;
      if (!payoutsFor(account).includes(action as PayoutAction)) {
        return refuse(400, `${payout.label} works only with ${payout.destinations.join(' or ')}.`);
      }
      // The server decides everything that moves money: amount, account type, and the payout id.
      // The id is derived from who asks, what and the browser's request id, so a double click or
      // a retried request is the same payout (Ingo answers 101) and never a second one. A real
      // app stores its payout row first and uses that row's id.
      const participantUniqueId1 = `demo-${createHmac('sha256', payoutKey)
        .update(`${visitor}\n${action}\n${requestId}`)
        .digest('base64url')
        .slice(0, 32)}`;
      const common = {
        amount: payout.amount,
        customerAccountToken: account.customerAccountToken,
        participantUniqueId1,
        sourceOfFunds: 4, // corporate disbursement
      } as const;
      try {
        const result: PushResult | PullResult =
          action === 'send'
            ? await client.pushFunds({ ...common, accountType })
            : await client.pullFunds({ ...common, accountType: accountType as 'CA' | 'AC' });
        return json(200, answerFor(action as PayoutAction, result));
      } catch (error) {
        console.error('[demo] payout failed:', error);
        const unavailable = isIngoServerError(error) && error.code === 'ingo_unavailable';
        return refuse(
          unavailable ? 503 : 502,
          unavailable
            ? 'The payment service could not be reached; nothing was sent. Try again.'
            : 'The payment service refused the request. See the server log.',
        );
      }
    },
  };
}

/**
 * How the demo tells Ingo's webhooks from anyone else's requests. Locally the sandbox signs them
 * (a sandbox-only scheme, its secret in `INGO_WEBHOOK_SECRET` or the default) and the signature
 * is enforced. Against Ingo, whose signature scheme is not documented, only the sender address
 * is checked: Ingo's published addresses for the environment, read from the proxy header named
 * in `INGO_WEBHOOK_PROXY_HEADER` (e.g. `x-forwarded-for`) when a proxy stands in front.
 */
function webhookAuthenticity(env: EnvSource) {
  const { environment } = readIngoEnv(env);
  if (environment === 'local') {
    return {
      ipAllowlist: false as const,
      verifySignature: hmacSignatureVerifier({
        secret: env.INGO_WEBHOOK_SECRET ?? 'sandbox-webhook-secret',
      }),
      signatureMode: 'enforce' as const,
    };
  }
  const header = env.INGO_WEBHOOK_PROXY_HEADER?.trim();
  return { ipAllowlist: environment, ...(header ? { trustProxyHeader: header } : {}) };
}

/** What the page shows of a payout: never Ingo's raw answer, only what a user may read. */
function answerFor(action: PayoutAction, result: PushResult | PullResult): PayoutAnswer {
  const base = { action, outcome: result.outcome, amount: PAYOUTS[action].amount };
  switch (result.outcome) {
    case 'succeeded':
    case 'pending':
      return {
        ...base,
        transactionId: result.transactionId ?? null,
        estimatedPosting: result.estimatedPostingTime ?? result.estimatedPostingDate ?? null,
        ingoStatus: result.ingoStatus,
      };
    case 'failed':
      return {
        ...base,
        transactionId: null,
        estimatedPosting: null,
        ingoStatus: result.ingoStatus,
      };
    default:
      return { ...base, transactionId: null, estimatedPosting: null, ingoStatus: null };
  }
}

const SINGLETON = Symbol.for('@ingo-embed/demo-kit/server');

/**
 * One {@link DemoServer} per process. Next.js may load a module once for its route handlers and
 * again for its server components; the visitors' profiles and accounts must be one store for all.
 */
export function demoServer(): DemoServer {
  const holder = globalThis as { [SINGLETON]?: DemoServer };
  holder[SINGLETON] ??= createDemoServer();
  return holder[SINGLETON];
}
