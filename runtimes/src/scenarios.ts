/**
 * The conformance scenarios, bundled once (with @ingo-embed/server inlined, no imports left) and
 * run unchanged inside Node, workerd, Deno, Bun and the edge VM. Every scenario signs real
 * requests to the sandbox the driver started on loopback, or, for the webhook endpoint, signs
 * deliveries the way the sandbox does. Only Web APIs here: no `process`, no `require`, no `node:`
 * modules.
 *
 * As a module: `runScenarios(config)`. As a Workers script (`export default { fetch }`):
 * `POST /__conformance/run` with the config runs them; `POST /api/ingo/session` is the session
 * endpoint made from the bindings, the workerd instance of the stateless test.
 */
import {
  createIngoClient,
  createMemoryWebhookStore,
  createWebhookHandler,
  type EnvSource,
  hmacSignatureVerifier,
  type IngoWebhookError,
  ingoClientFromEnv,
  type SessionHandler,
  type WebhookDelivery,
} from '@ingo-embed/server';
import { SESSION_PATH, sessionHandlerFromEnv, USER_HEADER } from './app.js';

export interface ScenarioConfig {
  /** Which runtime runs them, for ids that do not collide in the shared sandbox. */
  runtime: string;
  sandboxUrl: string;
  username: string;
  secret: string;
  participantId: string;
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface RuntimeReport {
  runtime: string;
  /** What the runtime says it is, e.g. `navigator.userAgent`. */
  agent: string;
  passed: number;
  failed: number;
  results: ScenarioResult[];
}

const SCENARIO_TIMEOUT_MS = 20_000;

class ScenarioFailure extends Error {
  override readonly name = 'ScenarioFailure';
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ScenarioFailure(message);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScenarioFailure(`${what}: no result after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const { name, message } = error;
    const cause = (error as { cause?: unknown }).cause;
    return `${name}: ${message}${cause === undefined ? '' : ` (cause: ${describeError(cause)})`}`;
  }
  return String(error);
}

/** The environment a deployment would read: only the credentials and where Ingo is. */
export function envFor(config: ScenarioConfig): EnvSource {
  return {
    INGO_ENVIRONMENT: 'local',
    INGO_USERNAME: config.username,
    INGO_SECRET: config.secret,
    INGO_SESSION_API_URL: config.sandboxUrl,
    INGO_PARTICIPANT_ID: config.participantId,
  };
}

/** The browser's POST to the session endpoint, as core sends it. */
export function sessionRequest(user: string | undefined, body: Record<string, unknown>): Request {
  return new Request(`https://shop.example${SESSION_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(user === undefined ? {} : { [USER_HEADER]: user }),
    },
    body: JSON.stringify(body),
  });
}

interface SessionAnswer {
  authorizedUrl: string;
  expiresAt: string;
  sessionId: string;
  sdkUrl?: string;
}

async function postSession(
  handler: SessionHandler,
  user: string,
  body: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await handler(sessionRequest(user, body));
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, json };
}

function expectSession(answer: { status: number; json: Record<string, unknown> }): SessionAnswer {
  check(
    answer.status === 200,
    `expected 200, got ${answer.status}: ${JSON.stringify(answer.json)}`,
  );
  const session = answer.json as unknown as SessionAnswer;
  check(/^https?:\/\//.test(session.authorizedUrl), `authorizedUrl ${session.authorizedUrl}`);
  check(Date.parse(session.expiresAt) > Date.now(), `expiresAt ${session.expiresAt}`);
  check(typeof session.sessionId === 'string' && session.sessionId !== '', 'no sessionId');
  return session;
}

interface SandboxSession {
  session_identifier: string;
  /** What Session Create received: the session handler's sealed subject. */
  participant_unique_id1: string;
  log: { what: string }[];
}

/** The sandbox's record of a session (GET /__sandbox/sessions). */
export async function sandboxSession(sandboxUrl: string, id: string): Promise<SandboxSession> {
  const response = await fetch(`${sandboxUrl}/__sandbox/sessions`);
  const { sessions } = (await response.json()) as { sessions: SandboxSession[] };
  const found = sessions.find((session) => session.session_identifier === id);
  check(found, `the sandbox has no session ${id}`);
  return found;
}

/** How many times the sandbox answered Session Create for this session with status 101. */
export function reauthorizations(session: SandboxSession): number {
  return session.log.filter((entry) => entry.what === 'reauthorized').length;
}

async function mintToken(sandboxUrl: string): Promise<string> {
  const response = await fetch(`${sandboxUrl}/__sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ destination: 'debit' }),
  });
  const body = (await response.json()) as { customer_account_token?: unknown };
  check(response.status === 201, `POST /__sandbox/tokens answered ${response.status}`);
  check(typeof body.customer_account_token === 'string', 'no customer_account_token');
  return body.customer_account_token;
}

// Not exported: a Workers module script may export handlers only (workerd refuses to start).

/** The sandbox's default webhook secret (`WEBHOOK_DEFAULTS.webhookSecret`). */
const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';

/** Where a deployment would serve the webhook endpoint (any URL given to Ingo). */
const WEBHOOK_PATH = '/api/ingo/webhooks';

const TOKENIZATION_TOPIC = 'plugin.transaction.account.tokenization.success';

/** One delivery: the exact bytes and their `X-Ingo-Signature`. */
interface SignedDelivery {
  body: Uint8Array<ArrayBuffer>;
  signature: string;
}

/**
 * Signs like the sandbox (`base64(HMAC-SHA512(secret, raw body))`, its signWebhookBody), with
 * this runtime's Web Crypto.
 */
async function signLikeSandbox(secret: string, body: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-512' },
    false,
    ['sign'],
  );
  let binary = '';
  for (const byte of new Uint8Array(await crypto.subtle.sign('HMAC', key, body))) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/** A tokenization webhook in the sandbox's envelope (WEBHOOKS.md), for one session. */
function tokenizationEnvelope(init: {
  id: string;
  sessionId: string;
  participantUniqueId1: string;
  token: string;
}): string {
  const timestamp = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    metadata: {
      topic: TOKENIZATION_TOPIC,
      topic_description:
        'This event reports successful tokenization of a recipient disbursement account. Includes the token and other account information.',
      version: '3',
      timestamp,
      id: init.id,
    },
    data: {
      ancillary: {
        tracer_token: `90018_${timestamp}_${crypto.randomUUID()}`,
        session_id: init.sessionId,
        participant_unique_id1: init.participantUniqueId1,
        participant_unique_id2: '',
      },
      event: {
        status: '100',
        client_message: 'Success',
        customer_account_token: init.token,
        account_type: 'CA',
        account_id: '1',
        last_4: '1111',
        attempt_count: 0,
        max_attempts: 3,
        issuers: [],
      },
    },
  });
}

async function signedDelivery(envelope: string, secret: string): Promise<SignedDelivery> {
  const body = new TextEncoder().encode(envelope);
  return { body, signature: await signLikeSandbox(secret, body) };
}

/** Ingo's POST to the webhook endpoint; a new Request each time (a body is read once). */
function webhookRequest(delivery: SignedDelivery): Request {
  return new Request(`https://shop.example${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Ingo-Signature': delivery.signature },
    body: delivery.body,
  });
}

async function answerOf(response: Response): Promise<{ status: number; text: string }> {
  return { status: response.status, text: await response.text() };
}

type Scenario = readonly [name: string, run: () => Promise<void>];

function scenarios(config: ScenarioConfig): Scenario[] {
  const env = envFor(config);
  const handler = sessionHandlerFromEnv(env);
  const client = ingoClientFromEnv(env);
  const id = (what: string) => `${config.runtime}-${what}-${crypto.randomUUID()}`;
  let firstSession: { key: string; sessionId: string } | undefined;
  let payout: { input: Parameters<typeof client.pushFunds>[0]; transactionId: string } | undefined;

  // The webhook endpoint a deployment would export next to the session endpoint: the session
  // handler maps participant_unique_id1 back to the signed-in user.
  const events: WebhookDelivery[] = [];
  const webhookErrors: IngoWebhookError[] = [];
  const webhooks = createWebhookHandler({
    store: createMemoryWebhookStore(),
    // No peer address in-process: the signature is the check here.
    ipAllowlist: false,
    verifySignature: hmacSignatureVerifier({ secret: SANDBOX_WEBHOOK_SECRET }),
    identity: handler,
    onEvent: (delivery) => {
      events.push(delivery);
    },
    onError: (error) => {
      webhookErrors.push(error);
    },
  });
  let tokenized:
    | { delivery: SignedDelivery; token: string; sessionId: string; participantUniqueId1: string }
    | undefined;

  return [
    [
      'session handler: 200 with an authorized URL',
      async () => {
        const key = crypto.randomUUID();
        const session = expectSession(
          await postSession(handler, 'alice', { idempotencyKey: key, destination: 'debit' }),
        );
        check(session.sdkUrl === `${config.sandboxUrl}/sdk.js`, `sdkUrl ${session.sdkUrl}`);
        firstSession = { key, sessionId: session.sessionId };
      },
    ],
    [
      'session handler: a retry with the same browser key re-authorizes the same session',
      async () => {
        check(firstSession, 'needs the first scenario');
        const again = expectSession(
          await postSession(handler, 'alice', {
            idempotencyKey: firstSession.key,
            destination: 'debit',
          }),
        );
        check(
          again.sessionId === firstSession.sessionId,
          `a new session ${again.sessionId} instead of ${firstSession.sessionId}`,
        );
        const recorded = await sandboxSession(config.sandboxUrl, again.sessionId);
        check(reauthorizations(recorded) === 1, 'the sandbox did not answer 101 (reauthorized)');
      },
    ],
    [
      'session handler: 400 for a browser-chosen recipient',
      async () => {
        const answer = await postSession(handler, 'alice', {
          idempotencyKey: crypto.randomUUID(),
          destination: 'debit',
          recipient: { firstName: 'Mallory' },
        });
        const code = (answer.json.error as { code?: string } | undefined)?.code;
        check(answer.status === 400, `expected 400, got ${answer.status}`);
        check(code === 'unexpected_field', `expected unexpected_field, got ${code}`);
      },
    ],
    [
      'Session Create client: a session, then 101 for the same Idempotency-Key',
      async () => {
        const direct = createIngoClient({
          username: config.username,
          secret: config.secret,
          environment: 'sandbox',
          sessionApiUrl: config.sandboxUrl,
        });
        const input = {
          participantUniqueId1: id('order'),
          idempotencyKey: crypto.randomUUID(),
          recipient: {
            firstName: 'Zoë',
            lastName: 'Nguyễn',
            addressLine1: '3 Third Blvd',
            city: 'São Paulo',
            state: 'GA',
            zipCode: '30301',
            emailAddress: 'zoe@example.com',
          },
        };
        const first = await direct.createSession(input);
        check(!first.idempotent, 'the first call was idempotent');
        const again = await direct.createSession(input);
        check(again.idempotent && again.sessionId === first.sessionId, 'no 101 for the retry');
      },
    ],
    [
      'IngoPay pushFunds: a payout to a minted token succeeds',
      async () => {
        const input = {
          accountType: 'CA',
          amount: '25.00',
          customerAccountToken: await mintToken(config.sandboxUrl),
          participantUniqueId1: id('payout'),
          sourceOfFunds: 4,
        } as const;
        const result = await client.pushFunds(input);
        check(
          result.outcome === 'succeeded' && !result.replayed && result.ingoStatus === 100,
          `push: ${JSON.stringify(result)}`,
        );
        payout = { input, transactionId: result.transactionId };
      },
    ],
    [
      'IngoPay pushFunds: the replay succeeds with replayed: true',
      async () => {
        check(payout, 'needs the push scenario');
        const result = await client.pushFunds(payout.input);
        check(
          result.outcome === 'succeeded' &&
            result.replayed &&
            result.transactionId === payout.transactionId,
          `replay: ${JSON.stringify(result)}`,
        );
      },
    ],
    [
      'IngoPay pullFunds: a collection from a minted token succeeds',
      async () => {
        const result = await client.pullFunds({
          accountType: 'CA',
          amountCents: 1999,
          customerAccountToken: await mintToken(config.sandboxUrl),
          participantUniqueId1: id('collect'),
          sourceOfFunds: 4,
        });
        check(result.outcome === 'succeeded', `pull: ${JSON.stringify(result)}`);
      },
    ],
    [
      "webhook handler: a sandbox-signed tokenization reaches onEvent with the session's subject",
      async () => {
        const session = expectSession(
          await postSession(handler, 'carol', {
            idempotencyKey: crypto.randomUUID(),
            destination: 'debit',
          }),
        );
        // What Ingo echoes in every plugin.* webhook: the id the handler sent in Session Create.
        const recorded = await sandboxSession(config.sandboxUrl, session.sessionId);
        const participantUniqueId1 = recorded.participant_unique_id1;
        check(
          /^u1\.[A-Za-z0-9_-]{96}$/.test(participantUniqueId1),
          `participant_unique_id1 is not a sealed subject: ${participantUniqueId1}`,
        );
        const token = await mintToken(config.sandboxUrl);
        const delivery = await signedDelivery(
          tokenizationEnvelope({
            id: `sb01-${id('webhook')}`,
            sessionId: session.sessionId,
            participantUniqueId1,
            token,
          }),
          SANDBOX_WEBHOOK_SECRET,
        );
        const answer = await answerOf(await webhooks(webhookRequest(delivery)));
        check(answer.status === 200, `expected 200, got ${answer.status}: ${answer.text}`);
        check(answer.text === '{"ok":true}', `answered ${answer.text}`);
        check(events.length === 1, `onEvent ran ${events.length} times, not once`);
        const [got] = events;
        check(got, 'no delivery');
        const { event, subject, signature } = got;
        check(subject === 'user-42', `subject ${JSON.stringify(subject)}, not "user-42"`);
        check(signature === 'verified', `signature ${signature}`);
        check(
          event.known && event.topic === TOKENIZATION_TOPIC,
          `event ${event.topic} (known: ${event.known})`,
        );
        check(event.customerAccountToken === token, `token ${event.customerAccountToken}`);
        check(
          event.ancillary.sessionId === session.sessionId,
          `sessionId ${event.ancillary.sessionId}`,
        );
        tokenized = { delivery, token, sessionId: session.sessionId, participantUniqueId1 };
      },
    ],
    [
      'webhook handler: the same delivery again is answered 200 without a second onEvent',
      async () => {
        check(tokenized, 'needs the tokenization scenario');
        const answer = await answerOf(await webhooks(webhookRequest(tokenized.delivery)));
        check(answer.status === 200, `expected 200, got ${answer.status}: ${answer.text}`);
        check(answer.text === '{"ok":true}', `answered ${answer.text}`);
        check(events.length === 1, `onEvent ran ${events.length} times, not once`);
      },
    ],
    [
      'webhook handler: a wrongly signed delivery is answered 401 and never reaches onEvent',
      async () => {
        check(tokenized, 'needs the tokenization scenario');
        const { sessionId, participantUniqueId1, token } = tokenized;
        const before = events.length;
        const errorsBefore = webhookErrors.length;
        // For the same user's session (new ids, so deduplication cannot be what refuses them):
        // signed with another secret, and a signed body altered afterwards (the token swapped).
        const envelope = () =>
          tokenizationEnvelope({
            id: `sb01-${id('forged')}`,
            sessionId,
            participantUniqueId1,
            token,
          });
        const wrongSecret = await signedDelivery(envelope(), 'not-the-sandbox-secret');
        const signed = await signedDelivery(envelope(), SANDBOX_WEBHOOK_SECRET);
        const altered = {
          body: new TextEncoder().encode(
            new TextDecoder().decode(signed.body).replace(token, 'attacker-token'),
          ),
          signature: signed.signature,
        };
        for (const [what, delivery] of [
          ['another secret', wrongSecret],
          ['an altered body', altered],
        ] as const) {
          const answer = await answerOf(await webhooks(webhookRequest(delivery)));
          check(
            answer.status === 401,
            `${what}: expected 401, got ${answer.status}: ${answer.text}`,
          );
          const code = (JSON.parse(answer.text) as { error?: { code?: string } }).error?.code;
          check(code === 'invalid_signature', `${what}: code ${code}`);
        }
        check(events.length === before, 'onEvent ran for a forged delivery');
        const reasons = webhookErrors.slice(errorsBefore).map((error) => error.reason);
        check(
          reasons.length === 2 && reasons.every((reason) => reason === 'invalid_signature'),
          `onError got ${JSON.stringify(reasons)}`,
        );
      },
    ],
  ];
}

/** Runs every scenario in order (later ones build on earlier ones); never throws. */
export async function runScenarios(config: ScenarioConfig): Promise<RuntimeReport> {
  const results: ScenarioResult[] = [];
  let list: Scenario[];
  try {
    list = scenarios(config);
  } catch (error) {
    list = [
      [
        'setup',
        async () => {
          throw error;
        },
      ],
    ];
  }
  for (const [name, run] of list) {
    const started = Date.now();
    try {
      await withTimeout(run(), SCENARIO_TIMEOUT_MS, name);
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - started, error: describeError(error) });
    }
  }
  const passed = results.filter((result) => result.ok).length;
  return {
    runtime: config.runtime,
    agent: globalThis.navigator?.userAgent ?? 'unknown',
    passed,
    failed: results.length - passed,
    results,
  };
}

let workerHandler: SessionHandler | undefined;

/** The Workers entry: how a Cloudflare deployment would export the session endpoint. */
export default {
  async fetch(request: Request, env: EnvSource): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/__conformance/run' && request.method === 'POST') {
      const config = (await request.json()) as ScenarioConfig;
      return Response.json(await runScenarios(config));
    }
    if (pathname === SESSION_PATH) {
      // Made once per isolate from the bindings; it holds no state between requests.
      workerHandler ??= sessionHandlerFromEnv(env);
      return workerHandler(request);
    }
    return new Response('not found', { status: 404 });
  },
};
