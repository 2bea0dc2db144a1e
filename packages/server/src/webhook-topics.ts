/**
 * Ingo's webhook envelope, read tolerantly into typed events (WEBHOOKS.md §3, §4, §9.8, §9.9).
 *
 * Tolerant on purpose: Ingo's examples disagree on types (`status` is usually `"100"`, once `93`;
 * `version` a string), ancillary fields may be missing or `""`, key order varies, and versions
 * grow by adding fields. So every field is read by type with a fallback, unknown fields are
 * ignored, any `version` is read with the newest known parser, and a topic this package does not
 * know is delivered as `{ known: false }` rather than refused: refusing would only make Ingo
 * retry the same bytes until it gives up.
 */

/** The topics parsed into typed events. Any other topic arrives as `{ known: false }`. */
export const KNOWN_WEBHOOK_TOPICS = [
  'plugin.transaction.account.tokenization.success',
  'plugin.transaction.session.request.terminated',
  'plugin.transaction.account.verification.ach.nav.failure',
  'gateway.transaction.recipient.verification.ofac.status.suspended',
  'gateway.transaction.recipient.verification.ofac.status.cleared',
  'gateway.transaction.recipient.verification.ofac.status.failure',
  'gateway.transaction.recipient.payment.status.check.issued',
  'gateway.transaction.recipient.payment.status.check.paid',
  'gateway.transaction.recipient.payment.status.check.stopped',
  // Sic: Ingo's documented name has `status.payment` in this order.
  'gateway.transaction.recipient.status.payment.check.returned',
  'gateway.transaction.recipient.payment.status.returned',
] as const;

export type KnownWebhookTopic = (typeof KNOWN_WEBHOOK_TOPICS)[number];

/** `data.ancillary`: correlation ids. Absent and `""` values are both left out. */
export interface WebhookAncillary {
  /** The EAC session (Session Create's `session_identifier`); absent on gateway topics. */
  sessionId?: string;
  /** Plugin topics, e.g. `90018_1776970034_1556c27a-…`. */
  tracerToken?: string;
  /** Your `participant_unique_id1`: the session handler seals the user's subject in it. */
  participantUniqueId1?: string;
  participantUniqueId2?: string;
  /** Notify only. */
  notificationId?: string;
  /** Managed Parties only. */
  partyId?: string;
}

/** What every event carries, whatever its topic. */
export interface WebhookEventBase {
  /** `metadata.id`: the deduplication key. Opaque (UUID, `prod1-…`, `sb01-…`). */
  id: string;
  topicDescription?: string;
  /** `metadata.version`, as a string (`"3"`) even when Ingo sent a number. */
  version?: string;
  /** `metadata.timestamp`: when Ingo raised the event, in Unix seconds. */
  timestamp?: number;
  ancillary: WebhookAncillary;
  /** `data.event.status` (Ingo's status code, e.g. `"100"`, `"1127"`), always a string. */
  status?: string;
  /** `data.event.client_message`. */
  clientMessage?: string;
  /** The whole envelope as parsed, for fields this package does not map. */
  raw: Record<string, unknown>;
}

/** What an issuer accepts, from `issuers[].credit_info` / `debit_info`. */
export interface WebhookIssuerLimits {
  /** Decimal strings as Ingo sends them, e.g. `"0.01"`, `"500.00"`. */
  min?: string;
  max?: string;
  cardType?: string;
  estimatedPostingDate?: string;
  estimatedPostingTime?: string;
}

/** One entry of a tokenization event's `issuers` (bill-pay payees, card issuers). */
export interface WebhookIssuer {
  payeeId?: string;
  payeeName?: string;
  payeeAddress?: string;
  payeeCity?: string;
  payeeState?: string;
  payeeZip?: string;
  issuingNetwork?: string;
  creditEnabled?: boolean;
  debitEnabled?: boolean;
  creditInfo?: WebhookIssuerLimits;
  debitInfo?: WebhookIssuerLimits;
}

/** The account was tokenized in the iFrame: store the token for this user. */
export interface TokenizationSuccessEvent extends WebhookEventBase {
  known: true;
  topic: 'plugin.transaction.account.tokenization.success';
  /** The token to pay out to or collect from (pushFunds/pullFunds `customerAccountToken`). */
  customerAccountToken: string;
  /** Ingo's account type, e.g. `BP`, `DC`, `AC`. */
  accountType: string;
  /** Added in version 3; earlier versions lack it. */
  accountId?: string;
  /** Free-form: not always digits (`"k6Aw"` appears in Ingo's examples). */
  last4?: string;
  attemptCount?: number;
  maxAttempts?: number;
  issuers?: WebhookIssuer[];
}

/** The overall limit of verification attempts was exceeded (status 1127): the session is over. */
export interface SessionTerminatedEvent extends WebhookEventBase {
  known: true;
  topic: 'plugin.transaction.session.request.terminated';
}

/** ACH name/address (NAV) verification failed (status 777); the user may try again. */
export interface AchNavFailureEvent extends WebhookEventBase {
  known: true;
  topic: 'plugin.transaction.account.verification.ach.nav.failure';
  attemptCount?: number;
  maxAttempts?: number;
}

/** OFAC screening of a process call: held (1106), cleared (1107) or confirmed (1108). */
export interface OfacStatusEvent extends WebhookEventBase {
  known: true;
  topic:
    | 'gateway.transaction.recipient.verification.ofac.status.suspended'
    | 'gateway.transaction.recipient.verification.ofac.status.cleared'
    | 'gateway.transaction.recipient.verification.ofac.status.failure';
  ofacStatus: 'suspended' | 'cleared' | 'failure';
}

/** A check disbursement was issued, paid, stopped or returned. */
export interface CheckStatusEvent extends WebhookEventBase {
  known: true;
  topic:
    | 'gateway.transaction.recipient.payment.status.check.issued'
    | 'gateway.transaction.recipient.payment.status.check.paid'
    | 'gateway.transaction.recipient.payment.status.check.stopped'
    | 'gateway.transaction.recipient.status.payment.check.returned';
  checkStatus: 'issued' | 'paid' | 'stopped' | 'returned';
  checkNumber?: string;
  /** A decimal string, e.g. `"1.05"`. */
  checkAmount?: string;
  /** e.g. `"77"` (stopped), `"02"` (returned). */
  reasonCode?: string;
}

/**
 * A payment that had completed was returned (e.g. an ACH return). Ingo documents the topic but
 * not its body; `reasonCode` is read when present (an ACH R-code such as `"R01"` [inferred]).
 */
export interface PaymentReturnedEvent extends WebhookEventBase {
  known: true;
  topic: 'gateway.transaction.recipient.payment.status.returned';
  reasonCode?: string;
}

export type KnownWebhookEvent =
  | TokenizationSuccessEvent
  | SessionTerminatedEvent
  | AchNavFailureEvent
  | OfacStatusEvent
  | CheckStatusEvent
  | PaymentReturnedEvent;

/**
 * Any other topic, or a known topic without the fields its type promises (`problem` says which).
 * Delivered all the same: store it (a dead-letter table) rather than dropping it.
 */
export interface UnknownWebhookEvent extends WebhookEventBase {
  known: false;
  topic: string;
  /** Set when the topic is known but the event lacked a field its type requires. */
  problem?: string;
}

/** Check `known` first, then switch on `topic`. */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

export type ParsedWebhook = { ok: true; event: WebhookEvent } | { ok: false; message: string };

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string; a finite number as its decimal text (ids and codes come either way). */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A finite number, or a string holding one. */
function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

function flag(value: unknown): boolean | undefined {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  return undefined;
}

/** Copies only the fields that are present, so that absent ones stay absent (not `undefined`). */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

function limits(value: unknown): WebhookIssuerLimits | undefined {
  if (!isRecord(value)) return undefined;
  return defined({
    min: text(value.min),
    max: text(value.max),
    cardType: text(value.card_type),
    estimatedPostingDate: text(value.estimated_posting_date),
    estimatedPostingTime: text(value.estimated_posting_time),
  });
}

function issuers(value: unknown): WebhookIssuer[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((issuer) =>
    defined({
      payeeId: text(issuer.payee_id),
      payeeName: text(issuer.payee_name),
      payeeAddress: text(issuer.payee_address),
      payeeCity: text(issuer.payee_city),
      payeeState: text(issuer.payee_state),
      payeeZip: text(issuer.payee_zip),
      issuingNetwork: text(issuer.issuing_network),
      creditEnabled: flag(issuer.credit_enabled),
      debitEnabled: flag(issuer.debit_enabled),
      creditInfo: limits(issuer.credit_info),
      debitInfo: limits(issuer.debit_info),
    }),
  );
}

function ancillaryOf(value: unknown): WebhookAncillary {
  if (!isRecord(value)) return {};
  return defined({
    sessionId: text(value.session_id),
    tracerToken: text(value.tracer_token),
    participantUniqueId1: text(value.participant_unique_id1),
    participantUniqueId2: text(value.participant_unique_id2),
    notificationId: text(value.notification_id),
    partyId: text(value.party_id),
  });
}

function lastSegment(topic: string): string {
  return topic.slice(topic.lastIndexOf('.') + 1);
}

/**
 * Reads a parsed JSON body as an Ingo webhook. Fails only without `metadata.topic` or
 * `metadata.id` (nothing can be routed or deduplicated then); everything else is delivered,
 * a topic this package does not know as `{ known: false }`.
 */
export function parseWebhookEvent(body: unknown): ParsedWebhook {
  if (!isRecord(body)) return { ok: false, message: 'The body must be a JSON object.' };
  const metadata = body.metadata;
  const topic = isRecord(metadata) && typeof metadata.topic === 'string' ? metadata.topic : '';
  const id = isRecord(metadata) ? text(metadata.id) : undefined;
  if (!isRecord(metadata) || topic.trim() === '' || id === undefined || id.trim() === '') {
    return {
      ok: false,
      message:
        'The body is not an Ingo webhook: metadata.topic and metadata.id must be non-empty strings.',
    };
  }
  const data = isRecord(body.data) ? body.data : {};
  const event = isRecord(data.event) ? data.event : {};
  const base: WebhookEventBase = {
    id,
    ...defined({
      topicDescription: text(metadata.topic_description),
      version: text(metadata.version),
      timestamp: num(metadata.timestamp),
      status: text(event.status),
      clientMessage: text(event.client_message),
    }),
    ancillary: ancillaryOf(data.ancillary),
    raw: body,
  };
  const attempts = defined({
    attemptCount: num(event.attempt_count),
    maxAttempts: num(event.max_attempts),
  });
  const unknown = (problem?: string): ParsedWebhook => ({
    ok: true,
    event: { ...base, known: false, topic, ...(problem === undefined ? {} : { problem }) },
  });

  switch (topic) {
    case 'plugin.transaction.account.tokenization.success': {
      const customerAccountToken = text(event.customer_account_token);
      const accountType = text(event.account_type);
      if (customerAccountToken === undefined || accountType === undefined) {
        const missing = [
          customerAccountToken === undefined ? 'data.event.customer_account_token' : undefined,
          accountType === undefined ? 'data.event.account_type' : undefined,
        ].filter(Boolean);
        return unknown(`${missing.join(' and ')} missing or empty`);
      }
      return {
        ok: true,
        event: {
          ...base,
          known: true,
          topic,
          customerAccountToken,
          accountType,
          ...defined({
            accountId: text(event.account_id),
            last4: text(event.last_4),
            issuers: issuers(event.issuers),
          }),
          ...attempts,
        },
      };
    }
    case 'plugin.transaction.session.request.terminated':
      return { ok: true, event: { ...base, known: true, topic } };
    case 'plugin.transaction.account.verification.ach.nav.failure':
      return { ok: true, event: { ...base, known: true, topic, ...attempts } };
    case 'gateway.transaction.recipient.verification.ofac.status.suspended':
    case 'gateway.transaction.recipient.verification.ofac.status.cleared':
    case 'gateway.transaction.recipient.verification.ofac.status.failure':
      return {
        ok: true,
        event: {
          ...base,
          known: true,
          topic,
          ofacStatus: lastSegment(topic) as OfacStatusEvent['ofacStatus'],
        },
      };
    case 'gateway.transaction.recipient.payment.status.check.issued':
    case 'gateway.transaction.recipient.payment.status.check.paid':
    case 'gateway.transaction.recipient.payment.status.check.stopped':
    case 'gateway.transaction.recipient.status.payment.check.returned':
      return {
        ok: true,
        event: {
          ...base,
          known: true,
          topic,
          checkStatus: lastSegment(topic) as CheckStatusEvent['checkStatus'],
          ...defined({
            checkNumber: text(event.check_number),
            checkAmount: text(event.check_amount),
            reasonCode: text(event.reason_code),
          }),
        },
      };
    case 'gateway.transaction.recipient.payment.status.returned':
      return {
        ok: true,
        event: {
          ...base,
          known: true,
          topic,
          ...defined({ reasonCode: text(event.reason_code) }),
        },
      };
    default:
      return unknown();
  }
}
