/**
 * Every error this package throws is an {@link IngoServerError}; branch on `code` or on the
 * subclass. Messages say what to do next and never contain the HMAC secret.
 */

/** Stable strings that are safe to branch on. */
export type IngoServerErrorCode =
  /** Options given to `signRequest`, `createIngoClient` or `createSessionHandler` are wrong. */
  | 'invalid_config'
  /** `createSession`, `pushFunds` or `pullFunds` input failed validation; see `issues`. Nothing was sent. */
  | 'validation_failed'
  /** Ingo refused the credentials or the signature (HTTP 401/403, or body status 402). */
  | 'authentication_failed'
  /** Ingo status 13723: the idempotency key was reused with different parameters. */
  | 'idempotency_mismatch'
  /**
   * Session Create: Ingo could not be reached, timed out, or answered 5xx, after every retry.
   * IngoPay: no attempt ever reached Ingo (connection refused, unknown host, HTTP 429).
   */
  | 'ingo_unavailable'
  /** Ingo answered with an error or an answer this package does not understand. */
  | 'ingo_rejected'
  /** `createWebhookHandler` refused a delivery or could not process it; see `reason`. */
  | 'webhook_failed';

export class IngoServerError extends Error {
  override readonly name: string = 'IngoServerError';
  readonly code: IngoServerErrorCode;

  constructor(code: IngoServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Options that can never work: fix the calling code or the environment variables. */
export class IngoConfigError extends IngoServerError {
  override readonly name = 'IngoConfigError';

  constructor(message: string) {
    super('invalid_config', message);
  }
}

/** One bad field of a `createSession`, `pushFunds` or `pullFunds` input. */
export interface ValidationIssue {
  /** Path in our camelCase API, e.g. `recipient.zipCode`. */
  field: string;
  /** What is wrong and what is expected; never echoes the value itself. */
  message: string;
}

/** A call's input is invalid. Lists every bad field at once; nothing was sent to Ingo. */
export class IngoValidationError extends IngoServerError {
  override readonly name = 'IngoValidationError';
  readonly issues: readonly ValidationIssue[];

  /** `call` names what was called, e.g. `pushFunds`; it starts the message. */
  constructor(issues: readonly ValidationIssue[], call = 'Session Create') {
    const list = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
    super(
      'validation_failed',
      `${call} input is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${list}`,
    );
    this.issues = issues;
  }
}

/** Which mistake an authentication failure most likely comes from. */
export type AuthenticationFailureCause = 'clock_skew' | 'credentials';

/** Ingo refused the request's authentication. `hint` says what to check. */
export class IngoAuthenticationError extends IngoServerError {
  override readonly name = 'IngoAuthenticationError';
  readonly httpStatus: number;
  readonly likelyCause: AuthenticationFailureCause;
  readonly hint: string;
  /** Ingo's own message, for your logs. Never forward it to a browser. */
  readonly ingoMessage: string | undefined;

  constructor(init: {
    httpStatus: number;
    likelyCause: AuthenticationFailureCause;
    hint: string;
    ingoMessage: string | undefined;
  }) {
    super('authentication_failed', `Ingo rejected the request's authentication: ${init.hint}`);
    this.httpStatus = init.httpStatus;
    this.likelyCause = init.likelyCause;
    this.hint = init.hint;
    this.ingoMessage = init.ingoMessage;
  }
}

/**
 * Ingo status 13723: this idempotency key was used before with different parameters.
 * Within Ingo's 2-hour window a key stands for one exact request; use a new key for new details.
 */
export class IngoIdempotencyMismatchError extends IngoServerError {
  override readonly name = 'IngoIdempotencyMismatchError';
  readonly idempotencyKey: string;

  constructor(idempotencyKey: string) {
    super(
      'idempotency_mismatch',
      'Ingo answered 13723 (idempotency key mismatch): this Idempotency-Key was already used with ' +
        'different session parameters. Send the same parameters to re-authorize that session, or ' +
        'use a new key to create a new one.',
    );
    this.idempotencyKey = idempotencyKey;
  }
}

/**
 * Why Ingo was unavailable on the last attempt. `rate_limited` (HTTP 429) comes only from the
 * IngoPay calls; Session Create does not retry a 429.
 */
export type UnavailableReason = 'network' | 'timeout' | 'server_error' | 'rate_limited';

/**
 * Session Create: Ingo could not be reached, timed out or answered 5xx on every attempt.
 * IngoPay (`pushFunds`/`pullFunds`): no attempt reached Ingo at all, so nothing was processed.
 * Either way, retrying later with the same id is safe.
 */
export class IngoUnavailableError extends IngoServerError {
  override readonly name = 'IngoUnavailableError';
  readonly reason: UnavailableReason;
  readonly attempts: number;
  /** The HTTP status of the last answer, when there was one. */
  readonly httpStatus: number | undefined;

  constructor(init: {
    reason: UnavailableReason;
    attempts: number;
    httpStatus?: number;
    url: string;
    cause?: unknown;
    /** Which API, for the message. Default `Ingo's Session API`. */
    api?: string;
    /** What is safe to do next. Default: retry later with the same idempotency key. */
    advice?: string;
  }) {
    const what =
      init.reason === 'timeout'
        ? 'did not answer in time'
        : init.reason === 'network'
          ? 'could not be reached'
          : init.reason === 'rate_limited'
            ? 'refused every attempt as rate limited (HTTP 429)'
            : `answered HTTP ${init.httpStatus}`;
    super(
      'ingo_unavailable',
      `${init.api ?? "Ingo's Session API"} at ${init.url} ${what} (${init.attempts} attempt${init.attempts === 1 ? '' : 's'}). ` +
        (init.advice ?? 'Retrying later with the same idempotency key is safe.'),
      { cause: init.cause },
    );
    this.reason = init.reason;
    this.attempts = init.attempts;
    this.httpStatus = init.httpStatus;
  }
}

/** Ingo answered with an error status, or with a body this package could not read. */
export class IngoApiError extends IngoServerError {
  override readonly name = 'IngoApiError';
  readonly httpStatus: number;
  /** The `status` field of Ingo's JSON body, when there was one. */
  readonly ingoStatus: number | undefined;
  /** Ingo's `client_message`, for your logs. Never forward it to a browser. */
  readonly ingoMessage: string | undefined;

  constructor(init: {
    message: string;
    httpStatus: number;
    ingoStatus?: number | undefined;
    ingoMessage?: string | undefined;
  }) {
    super('ingo_rejected', init.message);
    this.httpStatus = init.httpStatus;
    this.ingoStatus = init.ingoStatus;
    this.ingoMessage = init.ingoMessage;
  }
}

/** Narrows `unknown` to {@link IngoServerError}. */
export function isIngoServerError(value: unknown): value is IngoServerError {
  return value instanceof IngoServerError;
}
