/**
 * Names shared by the Node server, the SDK script and the hosted page script.
 * Kept free of Node and DOM imports so both bundles can include it.
 */

/** `IngoInstantPayments.EVENTS`: key → Ingo-style `event_name`. */
export const EVENTS = {
  TOKEN_SUCCESS: 'iip.webplugin.token_success',
  FUNDING_CANCELED: 'iip.webplugin.funding_canceled',
  TERMINAL_FAILURE: 'iip.webplugin.terminal_failure',
  TERMINAL_FAILURE_ACKNOWLEDGED: 'iip.webplugin.terminal_failure_acknowledged',
  MAX_VERIFICATION_ATTEMPTS_EXCEEDED: 'iip.webplugin.max_verification_attempts_exceeded',
  SESSION_EXPIRED: 'iip.webplugin.session_expired',
  SESSION_ERROR: 'iip.webplugin.session_error',
  PLUGIN_ERROR: 'iip.webplugin.plugin_error',
  PAGE_LOAD: 'iip.webplugin.page_load',
  ACCOUNT_COULD_NOT_BE_VERIFIED: 'iip.webplugin.account_could_not_be_verified',
  BILLPAY_SEARCH_NO_MATCH_FOUND: 'iip.webplugin.billpay_search_no_match_found',
  UNSUPPORTED_BROWSER_DETECTED: 'iip.webplugin.unsupported_browser_detected',
} as const;

export type SandboxEventKey = keyof typeof EVENTS;
export type SandboxEventName = (typeof EVENTS)[SandboxEventKey];

/** `IngoInstantPayments.FUNDING_DESTINATIONS`. */
export const FUNDING_DESTINATIONS = {
  DEBIT: 'debit',
  CREDIT: 'credit',
  ACH: 'ach',
  BILLPAY: 'billpay',
  PAYPAL: 'paypal',
} as const;

export type FundingDestination = (typeof FUNDING_DESTINATIONS)[keyof typeof FUNDING_DESTINATIONS];

export const DESTINATION_VALUES: readonly FundingDestination[] =
  Object.values(FUNDING_DESTINATIONS);

export function isFundingDestination(value: unknown): value is FundingDestination {
  return typeof value === 'string' && (DESTINATION_VALUES as readonly string[]).includes(value);
}

/** PascalCase page-name prefix per destination, as in Ingo's `CreditFunding` PAGE_LOAD example. */
export const PAGE_PREFIX: Record<FundingDestination, string> = {
  debit: 'Debit',
  credit: 'Credit',
  ach: 'Ach',
  billpay: 'BillPay',
  paypal: 'PayPal',
};

/**
 * Cross-frame protocol, version 1. The hosted page posts these to the embedding window, and
 * only to the exact origin the SDK announced (and the sandbox allowed). Nothing travels the
 * other way: the SDK passes everything the page needs in the iframe URL.
 */
export const MESSAGE_SOURCE = 'ingo-sandbox';
export const PROTOCOL_VERSION = 1;

/** Query parameters the SDK appends to an `authorized_url` when mounting it. */
export const MOUNT_PARAMS = {
  destination: 'destination',
  parentOrigin: 'parent_origin',
  channel: 'channel',
} as const;

/** The flat object every listener receives. */
export interface SandboxEventPayload {
  session_identifier: string;
  tracer_token: string;
  event_name: SandboxEventName;
  funding_destination?: FundingDestination;
  customer_account_token?: string;
  error?: string;
  page?: string;
  [field: string]: unknown;
}

/**
 * How an event payload reaches the SDK's listeners (a sandbox option: Ingo's docs disagree).
 * - `flat`: the fields on the callback argument, as Ingo's current docs show them (default).
 * - `content`: `{ event_name, content: { …every field… } }`, as Ingo's older docs (`data.content.page`)
 *   and public production integration code (failure payloads at `data.content`) read them.
 * - `both`: the flat fields and a `content` copy of them, so code reading either shape works.
 */
export const EVENT_ENVELOPES = ['flat', 'content', 'both'] as const;
export type EventEnvelope = (typeof EVENT_ENVELOPES)[number];

export function isEventEnvelope(value: unknown): value is EventEnvelope {
  return typeof value === 'string' && (EVENT_ENVELOPES as readonly string[]).includes(value);
}

/** Shapes a flat payload for the listeners; `event_name` stays on top in every shape. */
export function envelopePayload(
  envelope: EventEnvelope | undefined,
  payload: SandboxEventPayload,
): SandboxEventPayload {
  switch (envelope) {
    case 'content':
      // Not the flat type: the listener finds the fields under `content` (the point of this shape).
      return {
        event_name: payload.event_name,
        content: { ...payload },
      } as unknown as SandboxEventPayload;
    case 'both':
      return { ...payload, content: { ...payload } };
    default:
      return payload;
  }
}

export type SandboxMessage =
  | {
      source: typeof MESSAGE_SOURCE;
      version: typeof PROTOCOL_VERSION;
      channel: string;
      type: 'event';
      key: SandboxEventKey;
      payload: SandboxEventPayload;
    }
  | {
      source: typeof MESSAGE_SOURCE;
      version: typeof PROTOCOL_VERSION;
      channel: string;
      type: 'resize';
      height: number;
    };

/** Element id of the JSON the server embeds in the hosted page for the page script. */
export const BOOTSTRAP_ELEMENT_ID = 'ingo-sandbox-bootstrap';
/** Header carrying the page token on the hosted page's own API calls. */
export const PAGE_TOKEN_HEADER = 'x-sandbox-page-token';

interface BootstrapBase {
  strings: Record<string, string>;
  locale: string;
  /** The payload shape of the events this page posts (absent: `flat`). */
  envelope?: EventEnvelope;
  /** Where events go; absent when the embedding origin is unknown or not allowed. */
  parentOrigin?: string;
  channel?: string;
  sessionId?: string;
  tracerToken?: string;
  destination?: FundingDestination;
}

export interface FlowBootstrap extends BootstrapBase {
  kind: 'flow';
  sessionId: string;
  tracerToken: string;
  destination: FundingDestination;
  parentOrigin: string;
  channel: string;
  pageToken: string;
  apiBase: string;
}

export interface ErrorBootstrap extends BootstrapBase {
  kind: 'error';
  event: 'SESSION_EXPIRED' | 'SESSION_ERROR' | 'PLUGIN_ERROR';
  /** `expired`, `used`, `tampered`, `ended`, `destination`, `origin`. */
  reason: string;
}

export type PageBootstrap = FlowBootstrap | ErrorBootstrap;

/** Answers of `POST /session/:id/account` (checks the input, keeps it for the confirmation step). */
export type AccountAnswer =
  | { result: 'ok'; summary: { label: string; value: string }[] }
  | { result: 'invalid'; errors: { field: string; message: string }[] };

/** Answers of `POST /session/:id/confirm` (verifies the kept account). */
export type ConfirmAnswer =
  | { result: 'verified'; customer_account_token: string }
  | { result: 'failed'; error: string; attempts_left: number }
  | { result: 'max_attempts_exceeded'; error: string }
  | { result: 'not_verified' };
