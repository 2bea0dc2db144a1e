/**
 * The wire contract between the browser and the customer's own session endpoint.
 *
 * Core POSTs a {@link SessionRequest} as JSON; the endpoint (for example
 * `createSessionHandler` from `@ingo-embed/server`) answers a {@link SessionResponse},
 * or a {@link SessionErrorResponse} with a 4xx/5xx status. Recipient details never
 * travel in this request: the endpoint looks them up for its authenticated user.
 */

/** The funding destinations Ingo's iFrame offers, in our own lowercase names. */
export type FundingDestination = 'debit' | 'credit' | 'ach' | 'billpay' | 'paypal';

/** Every {@link FundingDestination}, in a stable order. */
export const FUNDING_DESTINATIONS: readonly FundingDestination[] = [
  'debit',
  'credit',
  'ach',
  'billpay',
  'paypal',
];

/** Body of the browser's `POST` to the session endpoint. */
export interface SessionRequest {
  /**
   * One key per logical session. Sending the same key again re-authorizes the same Ingo
   * session (a fresh 30-second `authorized_url`) instead of creating a new one.
   */
  idempotencyKey: string;
  destination: FundingDestination;
}

/** Successful answer of the session endpoint. */
export interface SessionResponse {
  /** The URL to mount; Ingo accepts it for 30 seconds after it was issued. */
  authorizedUrl: string;
  /** ISO-8601 UTC time after which `authorizedUrl` can no longer be mounted. */
  expiresAt: string;
  sessionId: string;
  /** Where to load the Ingo SDK script from, when the server decides it. */
  sdkUrl?: string;
}

/** Error answer of the session endpoint (any 4xx/5xx status). */
export interface SessionErrorResponse {
  error: {
    /** A stable, machine-readable code such as `invalid_request` or `ingo_unavailable`. */
    code: string;
    /** Safe to show to the end user: never a secret, never Ingo's raw answer. */
    message: string;
  };
}
