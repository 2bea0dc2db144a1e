import type { FundingDestination } from './contract.js';

/** The `EVENTS` keys core knows; any other key the SDK exposes is still delivered. */
export type KnownIngoEventType =
  | 'TOKEN_SUCCESS'
  | 'FUNDING_CANCELED'
  | 'TERMINAL_FAILURE'
  | 'TERMINAL_FAILURE_ACKNOWLEDGED'
  | 'MAX_VERIFICATION_ATTEMPTS_EXCEEDED'
  | 'SESSION_EXPIRED'
  | 'SESSION_ERROR'
  | 'PLUGIN_ERROR'
  | 'PAGE_LOAD'
  | 'ACCOUNT_COULD_NOT_BE_VERIFIED'
  | 'BILLPAY_SEARCH_NO_MATCH_FOUND'
  | 'UNSUPPORTED_BROWSER_DETECTED';

/** An `EVENTS` key: one core knows, or any other string the SDK defines. */
export type IngoEventType = KnownIngoEventType | (string & {});

/**
 * One SDK event, normalised: fields are read whether the SDK passed them flat or wrapped in
 * `content`, and renamed to camelCase. `data` keeps everything the SDK sent, flattened.
 */
export interface IngoEvent {
  /** The `IngoInstantPayments.EVENTS` key the event was registered under. */
  type: IngoEventType;
  /** Ingo's `event_name`, e.g. `iip.webplugin.token_success`. */
  eventName?: string;
  sessionId?: string;
  tracerToken?: string;
  /** Ingo's `funding_destination` (documented values: `debit`, `credit`, …). */
  destination?: FundingDestination;
  /** TOKEN_SUCCESS only. */
  customerAccountToken?: string;
  /** TERMINAL_FAILURE's Ingo error code. */
  errorCode?: string;
  /** The payload as received, with a `content` wrapper merged into the top level. */
  data: Readonly<Record<string, unknown>>;
}

/** What `onToken` receives: the TOKEN_SUCCESS event, with the token and destination always set. */
export interface IngoToken extends IngoEvent {
  /** Reusable, non-expiring token for IngoPay process / debit calls on your server. */
  customerAccountToken: string;
  destination: FundingDestination;
}

type Payload = Record<string, unknown>;

/**
 * Turns whatever the SDK passed a listener into an {@link IngoEvent}. Ingo's docs show flat payloads,
 * older docs and public code read `data.content`: both are accepted, `content` winning on conflict.
 */
export function normalizeEvent(type: IngoEventType, payload: unknown): IngoEvent {
  const data: Payload =
    typeof payload === 'object' && payload
      ? { ...payload, ...((payload as Payload).content as object) }
      : {};
  const text = (key: string): string | undefined => {
    const value = data[key];
    return value == null || typeof value === 'object' ? undefined : `${value}`;
  };
  return {
    type,
    eventName: text('event_name'),
    sessionId: text('session_identifier'),
    tracerToken: text('tracer_token'),
    destination: text('funding_destination') as FundingDestination | undefined,
    customerAccountToken: text('customer_account_token'),
    errorCode: text('error'),
    data,
  };
}
