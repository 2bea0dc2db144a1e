import type {
  FundingDestination,
  FundingFormCallbacks,
  FundingFormState,
  IngoCreateOptions,
  IngoEmbedError,
  IngoToken,
  InitialSession,
  SessionSource,
} from '@ingo-embed/core';
import type { Snippet } from 'svelte';

/** Props every `<IngoFundingForm>` takes, whichever way it gets its session. */
interface BaseProps extends Omit<FundingFormCallbacks, 'onToken' | 'onFailure'> {
  /** Where the money goes. Changing it remounts the form with a new session. */
  destination: FundingDestination;
  /** Ingo's SDK script URL; optional with `session` when your endpoint returns `sdkUrl`. Remounts on change. */
  sdkUrl?: string;
  /** CSP nonce for the injected SDK `<script>`. Remounts on change. */
  nonce?: string;
  /** Passed to `IngoInstantPayments.create`; read when the form mounts (a change applies at the next remount). */
  sdkOptions?: IngoCreateOptions;
  /** Time allowed for the script load and each session request; read when the form mounts. */
  timeoutMs?: number;
  /** The recipient's account was tokenized: send `token.customerAccountToken` to your server. */
  onToken: (token: IngoToken) => void;
  /** Bindable, read-only for you: the form's current state (`bind:state`). */
  state?: FundingFormState;
  /** Bindable, read-only for you: the last failure, `undefined` once the state leaves `failed` (`bind:error`). */
  error?: IngoEmbedError | undefined;
  /** Passed to the container `<div>`. */
  class?: string;
  /** Passed to the container `<div>`. */
  style?: string;
  /** Passed to the container `<div>`. */
  id?: string;
  /**
   * Rendered inside the container until the form is up (state `idle` or `loading`), on the
   * server too: a placeholder that keeps the page from jumping when the iframe appears.
   */
  loading?: Snippet;
}

/** A failure has to reach you: through `onFailure`, the `failure` snippet, or both. */
type FailureProps =
  | {
      /** Something failed; `error.retryable` tells whether `retry()` keeps the same Ingo session. */
      onFailure: (error: IngoEmbedError) => void;
      /**
       * Rendered inside the container while the state is `failed`, with the error and `retry`
       * (the same Ingo session when `error.retryable`, a new one otherwise).
       */
      failure?: Snippet<[error: IngoEmbedError, retry: () => void]>;
    }
  | {
      onFailure?: (error: IngoEmbedError) => void;
      failure: Snippet<[error: IngoEmbedError, retry: () => void]>;
    };

/** With `session`, core fetches (and re-fetches) authorized URLs itself: the recommended way. */
interface SessionProps extends BaseProps {
  /**
   * Your session endpoint's URL, or a function returning `{ authorizedUrl, expiresAt?, sdkUrl? }`.
   * A URL change remounts; a function is always called in its latest version and never remounts.
   */
  session: SessionSource;
  /**
   * A session your server created while rendering the page (`handler.initialSession()` of
   * `@ingo-embed/server`): mounted at once while fresh, asked again from `session` with its key
   * when too old. Read when the form mounts; one form uses it (a remount asks anew).
   */
  initialSession?: InitialSession | null | undefined;
  authorizedUrl?: undefined;
}

/** With a ready `authorized_url` (valid 30 s, cannot be refreshed), `sdkUrl` is required. */
interface AuthorizedUrlProps extends BaseProps {
  /** A ready `authorized_url`. A change remounts. */
  authorizedUrl: string;
  sdkUrl: string;
  session?: undefined;
  initialSession?: undefined;
}

/**
 * Props of `<IngoFundingForm>`: exactly one of `session` and `authorizedUrl`, and at least one of
 * `onFailure` and `failure`.
 */
export type IngoFundingFormProps = (SessionProps | AuthorizedUrlProps) & FailureProps;
