/** Why something failed; stable strings that are safe to branch on. */
export type IngoErrorCode =
  /** The SDK `<script>` failed to load (network, CSP, wrong URL). */
  | 'script_load_failed'
  /** The SDK `<script>` did not finish loading in time. */
  | 'script_timeout'
  /** The script loaded but `window.IngoInstantPayments` is missing or incomplete. */
  | 'invalid_sdk'
  /** The session endpoint or session function failed. */
  | 'session_request_failed'
  /** The `authorized_url` expired before it could be mounted and could not be refreshed. */
  | 'session_expired'
  /** Ingo reported TERMINAL_FAILURE: verification failed; the same session can be retried. */
  | 'terminal_failure'
  /** Ingo reported MAX_VERIFICATION_ATTEMPTS_EXCEEDED: the session is over; start a new one. */
  | 'max_attempts_exceeded'
  /** The options passed to core are wrong; fix the code that calls it. */
  | 'invalid_options'
  /** Called where there is no `window`/`document` (server rendering, a worker). */
  | 'not_in_browser'
  /** The hosted iFrame reported an error of its own (PLUGIN_ERROR, SESSION_ERROR, …). */
  | 'plugin_error';

export interface IngoEmbedErrorOptions {
  cause?: unknown;
  /** True when calling `retry()` can succeed: a transient failure, or the same session again. */
  retryable?: boolean;
  /** Ingo's own error code, when the SDK reported one (TERMINAL_FAILURE's `error`). */
  ingoCode?: string;
}

/** The one error type every `@ingo-embed` browser package throws or reports. */
export class IngoEmbedError extends Error {
  override readonly name = 'IngoEmbedError';
  readonly code: IngoErrorCode;
  readonly retryable: boolean;
  readonly ingoCode: string | undefined;

  constructor(code: IngoErrorCode, message: string, options: IngoEmbedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.ingoCode = options.ingoCode;
  }
}

/** Narrows `unknown` (a `catch` value, an `onFailure` argument) to {@link IngoEmbedError}. */
export function isIngoEmbedError(value: unknown): value is IngoEmbedError {
  return value instanceof IngoEmbedError;
}
