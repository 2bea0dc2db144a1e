/** Why something failed; stable strings that are safe to branch on. README lists what to do for each. */
export type IngoErrorCode =
  /** The SDK `<script>` failed to load (network, CSP, wrong URL). */
  | 'script_load_failed'
  /** The SDK `<script>` did not finish loading in time. */
  | 'script_timeout'
  /** The script loaded but `window.IngoInstantPayments` is missing or incomplete. */
  | 'invalid_sdk'
  /** The session endpoint or session function failed. */
  | 'session_request_failed'
  /** The `authorized_url` expired before it could be mounted. */
  | 'session_expired'
  /** Ingo reported TERMINAL_FAILURE: verification failed; the same session can be retried. */
  | 'terminal_failure'
  /** Ingo reported MAX_VERIFICATION_ATTEMPTS_EXCEEDED: the session is over; start a new one. */
  | 'max_attempts_exceeded'
  /** The options passed to core are wrong; fix the code that calls it. */
  | 'invalid_options'
  /** Called where there is no `document` (server rendering, a worker). */
  | 'not_in_browser'
  /** The hosted iFrame reported an error of its own (PLUGIN_ERROR, SESSION_ERROR, …). */
  | 'plugin_error';

/** The one error type every `@ingo-embed` browser package throws or reports. */
export class IngoEmbedError extends Error {
  override readonly name = 'IngoEmbedError';

  constructor(
    /** What failed. */
    readonly code: IngoErrorCode,
    message: string,
    /** True when `retry()` can go on with the same session, or a transient failure may pass. */
    readonly retryable = false,
    cause?: unknown,
    /** Ingo's own error code, when the SDK reported one (TERMINAL_FAILURE's `error`). */
    readonly ingoCode?: string,
  ) {
    super(message, { cause });
  }
}
