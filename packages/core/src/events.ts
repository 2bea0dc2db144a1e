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
  /** Our destination name, when the SDK's `funding_destination` maps to one. */
  destination?: FundingDestination;
  /** TOKEN_SUCCESS only. */
  customerAccountToken?: string;
  /** TERMINAL_FAILURE's Ingo error code. */
  errorCode?: string;
  /** PAGE_LOAD's page name, e.g. `CreditFunding`. */
  page?: string;
  /** The payload as received, with a `content` wrapper merged into the top level. */
  data: Readonly<Record<string, unknown>>;
}

/** What `onToken` receives. */
export interface IngoToken {
  /** Reusable, non-expiring token for IngoPay process / debit calls on your server. */
  customerAccountToken: string;
  destination: FundingDestination;
  sessionId?: string;
  tracerToken?: string;
  event: IngoEvent;
}
