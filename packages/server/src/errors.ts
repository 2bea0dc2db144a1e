/**
 * Every error this package throws is an {@link IngoServerError}; branch on `code` or on the
 * subclass. Messages say what to do next and never contain the HMAC secret.
 */

/** Stable strings that are safe to branch on. */
export type IngoServerErrorCode =
  /** Options given to `signRequest`, `createIngoClient` or `createSessionHandler` are wrong. */
  | 'invalid_config'
  /** `createSession` input failed validation; see `issues`. Nothing was sent. */
  | 'validation_failed'
  /** Ingo refused the credentials or the signature (HTTP 401/403). */
  | 'authentication_failed'
  /** Ingo status 13723: the idempotency key was reused with different parameters. */
  | 'idempotency_mismatch'
  /** Ingo could not be reached, timed out, or answered 5xx, after every retry. */
  | 'ingo_unavailable'
  /** Ingo answered with an error or an answer this package does not understand. */
  | 'ingo_rejected';

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

/** One bad field of a `createSession` input. */
export interface ValidationIssue {
  /** Path in our camelCase API, e.g. `recipient.zipCode`. */
  field: string;
  /** What is wrong and what is expected; never echoes the value itself. */
  message: string;
}

/** `createSession` input is invalid. Lists every bad field at once; nothing was sent to Ingo. */
export class IngoValidationError extends IngoServerError {
  override readonly name = 'IngoValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const list = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
    super(
      'validation_failed',
      `Session Create input is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${list}`,
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

/** Why Ingo was unavailable on the last attempt. */
export type UnavailableReason = 'network' | 'timeout' | 'server_error';

/** Ingo could not be reached, timed out or answered 5xx on every attempt. Safe to retry later. */
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
  }) {
    const what =
      init.reason === 'timeout'
        ? 'did not answer in time'
        : init.reason === 'network'
          ? 'could not be reached'
          : `answered HTTP ${init.httpStatus}`;
    super(
      'ingo_unavailable',
      `Ingo's Session API at ${init.url} ${what} (${init.attempts} attempt${init.attempts === 1 ? '' : 's'}). ` +
        'Retrying later with the same idempotency key is safe.',
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
