/**
 * What the sandbox's webhooks say: the `plugin.*` topic table, which failure goes to which topic,
 * Ingo's envelope, and the event bodies (tokenization, failure, terminated).
 */
import { createHmac } from 'node:crypto';
import { digitsOf } from './checks.js';
import { INGOPAY_MESSAGES } from './ingopay-messages.js';
import { estimatedPosting } from './ingopay-posting.js';
import type { FundingDestination } from './protocol.js';
import type { Session } from './session-store.js';
import { BILLERS } from './testdata.js';

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

export const FAILURE_MESSAGES: Readonly<Record<string, string>> = {
  700: INGOPAY_MESSAGES[700] ?? 'Account not currently available for processing via Ingo',
  1042: INGOPAY_MESSAGES[1042] ?? 'Check Digit Failure',
  1105: 'Recipient verification failed',
};

export const TERMINATED_MESSAGE = 'Overall max account verification attempts limit exceeded';

/** `last_4`: the end of the account identifier (free-form, like Ingo's PayPal `"k6Aw"`). */
export function lastFour(destination: FundingDestination, account: Record<string, string>): string {
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
export function billerIssuers(account: Record<string, string>, nowMs: number): unknown[] {
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
export function rvdmFieldResults(session: Session, account: Record<string, string>): unknown[] {
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

/** Ingo's example `account_id` is `"516803"`; the sandbox counts up from it. */
export const FIRST_WEBHOOK_ACCOUNT_ID = 516_803;
