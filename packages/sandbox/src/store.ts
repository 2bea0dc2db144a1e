/**
 * THE store: all state of one sandbox behind one object. Sessions and URLs (session-store.ts),
 * IngoPay tokens and transactions (ingopay-store.ts), faults, webhook deliveries, the event
 * envelope in force and the timers of delayed answers. Route modules read and change state only
 * through it, and `SandboxState` (what `createSandbox().state` and the control API show) is its
 * public face.
 */

import type { Config } from './config.js';
import { type ActiveFault, FaultRegistry, type FaultSpec, parseFault } from './faults.js';
import {
  IngoPayStore,
  type IssuedToken,
  isTokenDestination,
  TOKEN_DESTINATIONS,
  type TokenDestination,
  type Transaction,
  type TransactionState,
} from './ingopay-store.js';
import type { EventEnvelope, FundingDestination } from './protocol.js';
import type { RecipientInformation } from './session-request.js';
import {
  type Session,
  type SessionLogEntry,
  type SessionState,
  SessionStore,
} from './session-store.js';
import { createWebhooks, type WebhookDeliveryView, type Webhooks } from './webhooks.js';

/** One item of `GET /__sandbox/sessions`. */
export interface SessionView {
  session_identifier: string;
  state: SessionState;
  created_at: string;
  idempotency_key: string | null;
  participant_unique_id1: string;
  participant_unique_id2: string;
  language_locale_code: string | null;
  recipient_information: RecipientInformation;
  failed_attempts: number;
  max_attempts: number;
  urls_issued: number;
  destination: FundingDestination | null;
  customer_account_token: string | null;
  log: SessionLogEntry[];
}

/** One item of `GET /__sandbox/transactions`. */
export interface TransactionView {
  /** A number for push, a string for pull (as IngoPay answers them). */
  transaction_id: number | string;
  kind: 'push' | 'pull';
  state: TransactionState;
  status: number;
  participant_id: string;
  participant_unique_id1: string;
  participant_unique_id2: string;
  account_type: string;
  amount: string;
  customer_account_token: string;
  created_at: string;
  log: { at: string; what: string; [detail: string]: unknown }[];
}

/** What a sandbox holds, readable and changeable in-process (the control API shows the same). */
export interface SandboxState {
  sessions(): SessionView[];
  transactions(): TransactionView[];
  tokens(): IssuedToken[];
  webhooks(): WebhookDeliveryView[];
  /** A token of `destination`, as if the hosted page had issued it (POST /__sandbox/tokens). */
  mintToken(destination: TokenDestination): IssuedToken;
  readonly faults: {
    /** Checks and adds faults (InvalidFaultError for a bad one); they apply in the order added. */
    add(faults: FaultSpec | readonly FaultSpec[]): ActiveFault[];
    list(): ActiveFault[];
    clear(): void;
  };
  /** The payload shape of SDK events for pages loaded from now on; reset restores the option. */
  eventEnvelope: EventEnvelope;
  /** Forgets sessions, tokens, transactions, faults and webhooks, and cancels pending retries. */
  reset(): void;
}

export type Store = ReturnType<typeof createStore>;

function describeSession(session: Session, maxAttempts: number): SessionView {
  return {
    session_identifier: session.id,
    state: session.state,
    created_at: new Date(session.createdAtMs).toISOString(),
    idempotency_key: session.idempotencyKey ?? null,
    participant_unique_id1: session.request.participant_unique_id1,
    participant_unique_id2: session.request.participant_unique_id2 ?? '',
    language_locale_code: session.request.language_locale_code ?? null,
    recipient_information: session.request.recipient_information,
    failed_attempts: session.failedAttempts,
    max_attempts: maxAttempts,
    urls_issued: session.urlsIssued,
    destination: session.mount?.destination ?? null,
    customer_account_token: session.customerAccountToken ?? null,
    log: session.log,
  };
}

function describeTransaction(transaction: Transaction): TransactionView {
  return {
    transaction_id: transaction.kind === 'push' ? transaction.id : String(transaction.id),
    kind: transaction.kind,
    state: transaction.state,
    status: transaction.status,
    participant_id: transaction.participantId,
    participant_unique_id1: transaction.participantUniqueId1,
    participant_unique_id2: transaction.participantUniqueId2 ?? '',
    account_type: transaction.accountType,
    amount: (transaction.amountCents / 100).toFixed(2),
    customer_account_token: transaction.customerAccountToken,
    created_at: new Date(transaction.createdAtMs).toISOString(),
    log: transaction.log.map((entry) => ({ ...entry })),
  };
}

/** Checks a POST /__sandbox/tokens body: `{ destination }` and nothing else. */
export function parseTokenRequest(
  input: unknown,
): { ok: true; destination: TokenDestination } | { ok: false; message: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, message: 'the body must be a JSON object such as {"destination":"debit"}' };
  }
  const { destination, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0)
    return { ok: false, message: `unknown field "${extra[0]}"; send only destination` };
  if (!isTokenDestination(destination)) {
    return {
      ok: false,
      message: `destination must be one of ${TOKEN_DESTINATIONS.join(', ')}; got ${JSON.stringify(destination)}`,
    };
  }
  return { ok: true, destination };
}

export function createStore(config: Config, initialFaults: readonly FaultSpec[] = []) {
  const sessions = new SessionStore({
    now: config.now,
    urlTtlSeconds: config.urlTtlSeconds,
    idempotencyWindowSeconds: config.idempotencyWindowSeconds,
  });
  const ingoPay = new IngoPayStore(config.now);
  const faults = new FaultRegistry();
  for (const spec of initialFaults) faults.add(parseFault(spec));
  const webhooks: Webhooks = createWebhooks({
    settings: config.webhooks,
    maxAttempts: config.maxAttempts,
    now: config.now,
    log: config.log,
  });
  const timers = new Set<NodeJS.Timeout>();
  let eventEnvelope = config.eventEnvelope;

  /** Waits `ms` (fault latency, slow IngoPay); cancelled by close(). */
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const state: SandboxState = {
    sessions: () =>
      [...sessions.sessions.values()].map((s) => describeSession(s, config.maxAttempts)),
    transactions: () => ingoPay.list().map(describeTransaction),
    tokens: () => ingoPay.listTokens(),
    webhooks: () => webhooks.list(),
    mintToken: (destination) => {
      if (!isTokenDestination(destination)) {
        throw new TypeError(`destination must be one of ${TOKEN_DESTINATIONS.join(', ')}`);
      }
      return { ...ingoPay.registerToken(destination, 'control') };
    },
    faults: {
      add: (input) => {
        const specs: readonly unknown[] = Array.isArray(input) ? input : [input];
        // All checked before any is added: a bad one adds none.
        return specs.map((spec) => parseFault(spec)).map((spec) => faults.add(spec));
      },
      list: () => faults.list(),
      clear: () => faults.clear(),
    },
    get eventEnvelope() {
      return eventEnvelope;
    },
    set eventEnvelope(value: EventEnvelope) {
      eventEnvelope = value;
    },
    reset: () => {
      sessions.reset();
      ingoPay.reset();
      faults.clear();
      webhooks.reset();
      eventEnvelope = config.eventEnvelope;
    },
  };

  return {
    config,
    sessions,
    ingoPay,
    faults,
    webhooks,
    delay,
    state,
    /** Cancels timers, webhook retries and requests in flight: nothing is left behind. */
    close(): void {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      webhooks.close();
    },
  };
}
