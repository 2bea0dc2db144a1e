/**
 * Ingo-style webhooks sent by the sandbox (WEBHOOKS.md, with the emulator decisions of its §9):
 * the `plugin.*` topics of the hosted-page flow, in Ingo's envelope, POSTed to every configured
 * URL, signed with a SANDBOX-ONLY scheme (Ingo's real `X-Ingo-Signature` scheme is undocumented),
 * retried on a bounded schedule with the same bytes, id and signature, and listed for tests by
 * `GET /__sandbox/webhooks`.
 *
 * Per (session, URL), deliveries go out one at a time in lifecycle order (§9.5): the next event
 * waits until the previous one is delivered or given up.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { type ClientRequest, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { digitsOf } from './checks.js';
import { estimatedPosting, INGOPAY_MESSAGES } from './ingopay.js';
import type { FundingDestination } from './protocol.js';
import type { Mount, Session } from './store.js';
import { BILLERS } from './testdata.js';

// ------------------------------------------------------------------ options

/** The header carrying the signature. Ingo documents the header; its value's scheme is the sandbox's. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Ingo-Signature';

/**
 * WEBHOOKS.md §9.3's production-like schedule (30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h:
 * 8 attempts over about 11 h). Not the default: pass it as `webhookRetryDelaysMs` to rehearse a
 * long outage.
 */
export const PRODUCTION_LIKE_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = Object.freeze([
  30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000,
]);

export const WEBHOOK_DEFAULTS = Object.freeze({
  webhookSecret: 'sandbox-webhook-secret',
  /** Demo-friendly: 6 attempts over about 12.6 minutes, so a demo sees retries and an end. */
  webhookRetryDelaysMs: Object.freeze([
    1_000, 5_000, 30_000, 120_000, 600_000,
  ]) as readonly number[],
  /** Ingo's documented window: any 2xx within 10 seconds. */
  webhookTimeoutMs: 10_000,
  webhookDuplicates: 0,
});

export interface WebhookOptions {
  webhookUrls?: readonly string[];
  webhookSecret?: string;
  webhookRetryDelaysMs?: readonly number[];
  webhookTimeoutMs?: number;
  webhookDuplicates?: number;
}

export interface WebhookSettings {
  urls: readonly string[];
  secret: string;
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  duplicates: number;
}

export class InvalidWebhookOptionError extends Error {
  override name = 'InvalidWebhookOptionError';
}

const MAX_RETRY_DELAY_MS = 86_400_000;
const MAX_RETRIES = 20;

/** Checks the webhook options of `startSandbox`; throws InvalidWebhookOptionError. */
export function resolveWebhookSettings(options: WebhookOptions): WebhookSettings {
  const fail = (message: string): never => {
    throw new InvalidWebhookOptionError(message);
  };
  const rawUrls = options.webhookUrls ?? [];
  if (!Array.isArray(rawUrls)) fail('webhookUrls must be an array of http(s) URLs');
  const urls: string[] = [];
  for (const [index, value] of (rawUrls as readonly unknown[]).entries()) {
    const name = `webhookUrls[${index}]`;
    if (typeof value !== 'string') fail(`${name} must be a string URL`);
    const text = value as string;
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      fail(
        `${name} must be an absolute http(s) URL such as http://127.0.0.1:3000/webhooks/ingo; got "${text}"`,
      );
    }
    if (!url) continue;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      fail(`${name} must be an http(s) URL; got "${text}"`);
    }
    if (url.hash !== '') fail(`${name} must not have a #fragment; got "${text}"`);
    if (urls.includes(url.href)) fail(`${name} repeats ${url.href}`);
    urls.push(url.href);
  }
  const secret = options.webhookSecret ?? WEBHOOK_DEFAULTS.webhookSecret;
  if (typeof secret !== 'string' || secret === '') fail('webhookSecret must be a non-empty string');
  const delays = options.webhookRetryDelaysMs ?? WEBHOOK_DEFAULTS.webhookRetryDelaysMs;
  if (!Array.isArray(delays)) fail('webhookRetryDelaysMs must be an array of milliseconds');
  if (delays.length > MAX_RETRIES) {
    fail(`webhookRetryDelaysMs may list at most ${MAX_RETRIES} retries; got ${delays.length}`);
  }
  for (const delay of delays) {
    if (!Number.isInteger(delay) || delay < 0 || delay > MAX_RETRY_DELAY_MS) {
      fail(
        `webhookRetryDelaysMs entries must be integers from 0 to ${MAX_RETRY_DELAY_MS} (one day); got ${String(delay)}`,
      );
    }
  }
  const timeoutMs = options.webhookTimeoutMs ?? WEBHOOK_DEFAULTS.webhookTimeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    fail(`webhookTimeoutMs must be an integer from 1 to 600000; got ${String(timeoutMs)}`);
  }
  const duplicates = options.webhookDuplicates ?? WEBHOOK_DEFAULTS.webhookDuplicates;
  if (typeof duplicates !== 'number' || !(duplicates >= 0 && duplicates <= 1)) {
    fail(`webhookDuplicates must be a rate from 0 to 1 (1 = always); got ${String(duplicates)}`);
  }
  return { urls, secret, retryDelaysMs: [...delays], timeoutMs, duplicates };
}

// ------------------------------------------------------------------ topics

/**
 * Where a topic name comes from: `documented` (Ingo's webhook reference), `inferred`
 * (WEBHOOKS.md §4's reading of a documented category or a Notify analogue) or `sandbox` (no Ingo
 * category at all: the sandbox's own name).
 */
export type TopicNaming = 'documented' | 'inferred' | 'sandbox';

export interface WebhookTopic {
  topic: string;
  version: string;
  /** `metadata.topic_description`: Ingo's text where documented. */
  description: string;
  naming: TopicNaming;
}

/**
 * THE table of topic names the sandbox sends. Inferred names live only here, so they can be
 * renamed in one place when Ingo confirms them.
 */
export const WEBHOOK_TOPICS = {
  tokenizationSuccess: {
    topic: 'plugin.transaction.account.tokenization.success',
    version: '3',
    description:
      'This event reports successful tokenization of a recipient disbursement account. Includes the token and other account information.',
    naming: 'documented',
  },
  sessionTerminated: {
    topic: 'plugin.transaction.session.request.terminated',
    version: '1',
    description: 'Overall max account verification attempts limit exceeded',
    naming: 'documented',
  },
  cardCnsCdFailure: {
    topic: 'plugin.transaction.account.verification.card.failure.cns_cd',
    version: '1',
    description:
      'This event reports Card Not Supported / Check Digit (CNS/CD) validation failure on a card account.',
    naming: 'inferred',
  },
  achAnvFailure: {
    topic: 'plugin.transaction.account.verification.ach.anv.failure',
    version: '1',
    description:
      'This event reports Account Number Validation (ANV) failure on an ACH payment request.',
    naming: 'inferred',
  },
  rvdmFailure: {
    topic: 'plugin.transaction.recipient.verification.rvdm.failure',
    version: '1',
    description: 'This event reports Recipient Verification Data Match (RVDM) failure.',
    naming: 'inferred',
  },
  paypalFailure: {
    topic: 'plugin.transaction.account.verification.paypal.failure.av',
    version: '1',
    description: 'This event reports PayPal account verification failure.',
    naming: 'inferred',
  },
  billpayFailure: {
    topic: 'plugin.transaction.account.verification.billpay.failure',
    version: '1',
    description: 'This event reports verification failure of a biller account (BillPay).',
    naming: 'sandbox',
  },
} as const satisfies Record<string, WebhookTopic>;

export type WebhookTopicKey = keyof typeof WEBHOOK_TOPICS;

/** Which topic a failed verification sends: the first row that matches (status, destination). */
export const FAILURE_TOPIC_ROUTES: readonly {
  status?: string;
  destinations?: readonly FundingDestination[];
  key: WebhookTopicKey;
}[] = [
  // RVDM is about the recipient, not the account: whatever the destination.
  { status: '1105', key: 'rvdmFailure' },
  { destinations: ['debit', 'credit'], key: 'cardCnsCdFailure' },
  { destinations: ['ach'], key: 'achAnvFailure' },
  { destinations: ['paypal'], key: 'paypalFailure' },
  { destinations: ['billpay'], key: 'billpayFailure' },
];

export function failureTopicFor(destination: FundingDestination, status: string): WebhookTopicKey {
  const route = FAILURE_TOPIC_ROUTES.find(
    (r) =>
      (r.status === undefined || r.status === status) &&
      (r.destinations === undefined || r.destinations.includes(destination)),
  );
  return route?.key ?? 'cardCnsCdFailure';
}

// ------------------------------------------------------------------ envelope

export interface WebhookEnvelope {
  metadata: {
    topic: string;
    topic_description: string;
    version: string;
    timestamp: number;
    id: string;
  };
  data: {
    ancillary: {
      tracer_token: string;
      session_id: string;
      participant_unique_id1: string;
      participant_unique_id2: string;
    };
    event: { status: string; client_message: string; [field: string]: unknown };
  };
}

/** `account_type` of the tokenization event per funding destination. */
export const WEBHOOK_ACCOUNT_TYPES: Readonly<Record<FundingDestination, string>> = {
  debit: 'CA',
  credit: 'CA',
  ach: 'AC',
  billpay: 'BP',
  paypal: 'PD',
};

const FAILURE_MESSAGES: Readonly<Record<string, string>> = {
  700: INGOPAY_MESSAGES[700] ?? 'Account not currently available for processing via Ingo',
  1042: INGOPAY_MESSAGES[1042] ?? 'Check Digit Failure',
  1105: 'Recipient verification failed',
};

const TERMINATED_MESSAGE = 'Overall max account verification attempts limit exceeded';

/** `last_4`: the end of the account identifier (free-form, like Ingo's PayPal `"k6Aw"`). */
function lastFour(destination: FundingDestination, account: Record<string, string>): string {
  switch (destination) {
    case 'debit':
    case 'credit':
      return digitsOf(account.card_number ?? '').slice(-4);
    case 'ach':
      return digitsOf(account.account_number ?? '').slice(-4);
    case 'billpay':
      return (account.account_number ?? '').replace(/[^A-Za-z0-9]/g, '').slice(-4);
    case 'paypal':
      return ((account.email ?? '').trim().split('@')[0] ?? '')
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(-4);
  }
}

/** BillPay's `issuers[]`: one Ingo-shaped issuer for the chosen sandbox biller. */
function billerIssuers(account: Record<string, string>, nowMs: number): unknown[] {
  const biller = BILLERS.find((b) => b.id === account.biller_id);
  if (!biller) return [];
  const number = biller.id.replace(/\D/g, '');
  const posting = estimatedPosting('BP', nowMs);
  return [
    {
      payee_id: number,
      payee_name: biller.name,
      payee_address: `PO Box ${number}`,
      payee_city: 'Anytown',
      payee_state: 'GA',
      payee_zip: `30301-${number}`,
      issuing_network: 'NA',
      credit_enabled: 1,
      debit_enabled: 1,
      credit_info: {
        min: '0.01',
        max: '500.00',
        card_type: 'NA',
        estimated_posting_date: posting.estimated_posting_date,
        // Ingo's example ends this text with a newline; kept.
        estimated_posting_time: `${posting.estimated_posting_time}\n`,
      },
    },
  ];
}

/** RVDM `field_results[]`: the 1105 test card forces a last-name mismatch. */
function rvdmFieldResults(session: Session, account: Record<string, string>): unknown[] {
  const recipient = session.request.recipient_information;
  const typed = (account.name ?? '').trim().split(/\s+/);
  const typedFirst = typed[0] ?? '';
  const typedLast = typed.length > 1 ? (typed[typed.length - 1] ?? '') : '';
  const base = { is_enabled: true, was_evaluated: true, hard_fail_on_mismatch: true };
  return [
    {
      field_name: 'FirstName',
      client_provided_value: recipient.first_name ?? '',
      customer_provided_value: typedFirst,
      is_matching: typedFirst.toLowerCase() === (recipient.first_name ?? '').toLowerCase(),
      ...base,
    },
    {
      field_name: 'LastName',
      client_provided_value: recipient.last_name ?? '',
      customer_provided_value: typedLast,
      is_matching: false,
      ...base,
    },
  ];
}

/** Signs a webhook body: base64(HMAC-SHA512(secret, raw body bytes)). SANDBOX-ONLY scheme. */
export function signWebhookBody(secret: string, body: Buffer | string): string {
  return createHmac('sha512', secret).update(body).digest('base64');
}

// ------------------------------------------------------------------ deliveries

export type WebhookState = 'pending' | 'delivered' | 'failed' | 'retrying';

export interface WebhookAttempt {
  at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

/** One item of `GET /__sandbox/webhooks`. */
export interface WebhookDeliveryView {
  id: string;
  topic: string;
  url: string;
  session_identifier: string;
  state: WebhookState;
  duplicate: boolean;
  body: WebhookEnvelope;
  attempts: WebhookAttempt[];
}

interface Delivery {
  id: string;
  topic: string;
  url: string;
  sessionId: string;
  state: WebhookState;
  duplicate: boolean;
  raw: Buffer;
  signature: string;
  attempts: WebhookAttempt[];
  queueKey: string;
}

export interface WebhookDeps {
  settings: WebhookSettings;
  maxAttempts: number;
  now: () => number;
  log: (line: string) => void;
  /** For the duplicate rate; Math.random by default. */
  random?: () => number;
}

/** Ingo's example `account_id` is `"516803"`; the sandbox counts up from it. */
export const FIRST_WEBHOOK_ACCOUNT_ID = 516_803;

export function createWebhooks(deps: WebhookDeps) {
  const { settings } = deps;
  const random = deps.random ?? Math.random;
  const deliveries: Delivery[] = [];
  /** Per (session, URL): the deliveries still to finish; the head is the one in progress. */
  const queues = new Map<string, Delivery[]>();
  const timers = new Set<NodeJS.Timeout>();
  const requests = new Set<ClientRequest>();
  /** Bumped by reset/close: callbacks of an older generation do nothing. */
  let generation = 0;
  let closed = false;
  let nextAccountId = FIRST_WEBHOOK_ACCOUNT_ID;
  const totalAttempts = 1 + settings.retryDelaysMs.length;

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  }

  /** One POST; settles with the status (any answer) or an error (no answer). Never rejects. */
  function post(d: Delivery): Promise<{ status: number | null; error: string | null }> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (status: number | null, error: string | null) => {
        if (settled) return;
        settled = true;
        resolve({ status, error });
      };
      const url = new URL(d.url);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      let timer: NodeJS.Timeout | undefined;
      const request = send(
        url,
        {
          method: 'POST',
          // One connection per attempt: nothing pooled outlives close().
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': String(d.raw.length),
            [WEBHOOK_SIGNATURE_HEADER.toLowerCase()]: d.signature,
            'user-agent': 'ingo-sandbox-webhooks',
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          res.on('error', () => {});
          res.resume();
          if (status >= 200 && status < 300) settle(status, null);
          else if (status >= 300 && status < 400) {
            const location = res.headers.location;
            settle(
              status,
              `HTTP ${status}: redirects are not followed${location ? ` (Location: ${location})` : ''}`,
            );
          } else settle(status, `HTTP ${status} is not 2xx`);
        },
      );
      requests.add(request);
      timer = setTimeout(() => {
        timers.delete(timer as NodeJS.Timeout);
        request.destroy(new Error(`no answer within ${settings.timeoutMs} ms`));
      }, settings.timeoutMs);
      timers.add(timer);
      request.on('error', (error) => settle(null, error.message || String(error)));
      request.on('close', () => {
        requests.delete(request);
        if (timer) {
          clearTimeout(timer);
          timers.delete(timer);
          timer = undefined;
        }
        settle(null, 'connection closed without an answer');
      });
      request.end(d.raw);
    });
  }

  function attempt(d: Delivery): void {
    const gen = generation;
    const at = new Date(deps.now()).toISOString();
    const started = performance.now();
    void post(d).then(({ status, error }) => {
      if (gen !== generation) return;
      const duration = Math.round(performance.now() - started);
      d.attempts.push({ at, status, error, duration_ms: duration });
      const n = d.attempts.length;
      const delivered = error === null;
      const what = status === null ? `no answer (${error})` : (error ?? `HTTP ${status}`);
      let next: string;
      if (delivered) {
        d.state = 'delivered';
        next = 'delivered';
      } else if (n < totalAttempts) {
        d.state = 'retrying';
        const wait = settings.retryDelaysMs[n - 1] ?? 0;
        next = `retry in ${wait} ms`;
        later(wait, () => {
          if (gen === generation) attempt(d);
        });
      } else {
        d.state = 'failed';
        next = 'gave up: retry schedule used up';
      }
      deps.log(
        `webhook ${d.topic}${d.duplicate ? ' (duplicate)' : ''} ${d.id} → ${d.url}: attempt ${n}/${totalAttempts} ${what} in ${duration} ms; ${next}`,
      );
      if (d.state === 'retrying') return;
      const queue = queues.get(d.queueKey);
      if (delivered && !d.duplicate && settings.duplicates > 0 && random() < settings.duplicates) {
        // Sent again on purpose right after the original: same bytes, id and signature.
        const copy: Delivery = { ...d, duplicate: true, state: 'pending', attempts: [] };
        deliveries.push(copy);
        queue?.splice(1, 0, copy);
      }
      queue?.shift();
      startNext(d.queueKey);
    });
  }

  function startNext(queueKey: string): void {
    const queue = queues.get(queueKey);
    const head = queue?.[0];
    if (!head) {
      queues.delete(queueKey);
      return;
    }
    attempt(head);
  }

  function emit(
    session: Session,
    mount: Mount,
    key: WebhookTopicKey,
    event: WebhookEnvelope['data']['event'],
  ): void {
    if (closed || settings.urls.length === 0) return;
    const spec: WebhookTopic = WEBHOOK_TOPICS[key];
    const envelope: WebhookEnvelope = {
      metadata: {
        topic: spec.topic,
        topic_description: spec.description,
        version: spec.version,
        timestamp: Math.floor(deps.now() / 1000),
        id: `sb01-${randomUUID()}`,
      },
      data: {
        ancillary: {
          tracer_token: mount.tracerToken,
          session_id: session.id,
          participant_unique_id1: session.request.participant_unique_id1,
          participant_unique_id2: session.request.participant_unique_id2 ?? '',
        },
        event,
      },
    };
    const raw = Buffer.from(JSON.stringify(envelope), 'utf8');
    const signature = signWebhookBody(settings.secret, raw);
    for (const url of settings.urls) {
      const queueKey = `${session.id} ${url}`;
      const d: Delivery = {
        id: envelope.metadata.id,
        topic: spec.topic,
        url,
        sessionId: session.id,
        state: 'pending',
        duplicate: false,
        raw,
        signature,
        attempts: [],
        queueKey,
      };
      deliveries.push(d);
      const queue = queues.get(queueKey);
      if (queue) queue.push(d);
      else {
        queues.set(queueKey, [d]);
        attempt(d);
      }
    }
  }

  function cancelAll(): void {
    generation += 1;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const request of requests) request.destroy();
    requests.clear();
    queues.clear();
  }

  return {
    /** Confirm verified the account: the tokenization topic. */
    tokenized(
      session: Session,
      mount: Mount,
      destination: FundingDestination,
      account: Record<string, string>,
      customerAccountToken: string,
    ): void {
      if (closed || settings.urls.length === 0) return;
      const accountId = String(nextAccountId++);
      emit(session, mount, 'tokenizationSuccess', {
        status: '100',
        client_message: 'Success',
        customer_account_token: customerAccountToken,
        account_type: WEBHOOK_ACCOUNT_TYPES[destination],
        account_id: accountId,
        last_4: lastFour(destination, account),
        attempt_count: session.failedAttempts,
        max_attempts: deps.maxAttempts,
        issuers: destination === 'billpay' ? billerIssuers(account, deps.now()) : [],
      });
    },
    /** Confirm failed verification (one attempt counted): the failure topic for the code. */
    verificationFailed(
      session: Session,
      mount: Mount,
      destination: FundingDestination,
      account: Record<string, string>,
      status: string,
    ): void {
      const key = failureTopicFor(destination, status);
      const common = {
        status,
        client_message: FAILURE_MESSAGES[status] ?? `Verification failed (${status})`,
        attempt_count: session.failedAttempts,
        max_attempts: deps.maxAttempts,
      };
      emit(
        session,
        mount,
        key,
        key === 'rvdmFailure'
          ? { has_passed: false, ...common, field_results: rvdmFieldResults(session, account) }
          : common,
      );
    },
    /** The attempt limit was reached: the session is terminated (1127). */
    terminated(session: Session, mount: Mount): void {
      emit(session, mount, 'sessionTerminated', {
        status: '1127',
        client_message: TERMINATED_MESSAGE,
      });
    },
    list(): WebhookDeliveryView[] {
      return deliveries.map((d) => ({
        id: d.id,
        topic: d.topic,
        url: d.url,
        session_identifier: d.sessionId,
        state: d.state,
        duplicate: d.duplicate,
        body: JSON.parse(d.raw.toString('utf8')) as WebhookEnvelope,
        attempts: d.attempts.map((a) => ({ ...a })),
      }));
    },
    /** Forgets every delivery and cancels pending retries and requests in flight. */
    reset(): void {
      cancelAll();
      deliveries.length = 0;
      nextAccountId = FIRST_WEBHOOK_ACCOUNT_ID;
    },
    /** Cancels everything for good: no timer or socket is left behind. */
    close(): void {
      closed = true;
      cancelAll();
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
