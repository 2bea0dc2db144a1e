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
import { randomUUID } from 'node:crypto';
import type { ClientRequest } from 'node:http';
import type { FundingDestination } from './protocol.js';
import type { Mount, Session } from './session-store.js';
import { type Delivery, postWebhook, type WebhookDeliveryView } from './webhook-post.js';
import type { WebhookSettings } from './webhook-settings.js';
import {
  billerIssuers,
  FAILURE_MESSAGES,
  FIRST_WEBHOOK_ACCOUNT_ID,
  failureTopicFor,
  lastFour,
  rvdmFieldResults,
  signWebhookBody,
  TERMINATED_MESSAGE,
  WEBHOOK_ACCOUNT_TYPES,
  WEBHOOK_TOPICS,
  type WebhookEnvelope,
  type WebhookTopic,
  type WebhookTopicKey,
} from './webhook-topics.js';

export type { WebhookAttempt, WebhookDeliveryView, WebhookState } from './webhook-post.js';
export * from './webhook-settings.js';
export * from './webhook-topics.js';

// ------------------------------------------------------------------ deliveries

export interface WebhookDeps {
  settings: WebhookSettings;
  maxAttempts: number;
  now: () => number;
  log: (line: string) => void;
  /** For the duplicate rate; Math.random by default. */
  random?: () => number;
}

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

  function attempt(d: Delivery): void {
    const gen = generation;
    const at = new Date(deps.now()).toISOString();
    const started = performance.now();
    void postWebhook(d, settings.timeoutMs, timers, requests).then(({ status, error }) => {
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
