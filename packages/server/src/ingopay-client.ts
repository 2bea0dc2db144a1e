/**
 * IngoPay push and pull calls: validation, a fresh signature and body timestamp per attempt, the
 * retry policy of INGOPAY.md §5 with one participant_unique_id1, a small per-client throttle, and
 * the mapping of every answer to ONE returned outcome.
 */
import {
  IngoApiError,
  IngoConfigError,
  IngoUnavailableError,
  type UnavailableReason,
} from './errors.js';
import {
  authenticationError,
  type FetchLike,
  type IngoEnvironment,
  neverConnected,
  parseJsonObject,
  sendSignedOnce,
  sleep,
} from './ingo-http.js';
import {
  type AssumedReason,
  type IngoPayCallOptions,
  type PullFundsInput,
  type PullResult,
  type PushFundsInput,
  type PushResult,
  validatePullFunds,
  validatePushFunds,
} from './ingopay.js';
import { type IngoPayAnswer, pullBody, pushBody, readAnswer } from './ingopay-wire.js';
import type { SignedHeaderName, SigningAlgorithm } from './signing.js';

export const PUSH_PATH = '/gateway/process';
export const PULL_PATH = '/gateway/v12/debit/process';

/** IngoPay's documented order (quick start, IngoPay authentication page). */
const INGOPAY_SIGNED_HEADERS: readonly SignedHeaderName[] = [
  'request-line',
  'x-date',
  'content-type',
  'content-sha512',
  'content-length',
];

/** Retry settings of `pushFunds`/`pullFunds`, all already validated. */
export interface IngoPaySettings {
  timeoutMs: number;
  maxAttempts: number;
  firstRetryDelayMs: number;
  maxRetryDelayMs: number;
  maxRequestsPerSecond: number;
}

export interface IngoPayConfig {
  fetch: FetchLike;
  environment: IngoEnvironment;
  /** The base URL without a trailing slash. */
  baseUrl: string;
  username: string;
  secret: string;
  algorithm: SigningAlgorithm | undefined;
  /** The client's `signedHeaders` option, which wins over IngoPay's documented order. */
  signedHeaders: readonly SignedHeaderName[] | undefined;
  /** Canonical digits, or undefined when the client was made without one. */
  participantId: string | undefined;
  settings: IngoPaySettings;
}

type Kind = 'push' | 'pull';

/** One attempt, judged. `reachedIngo` is false only when Ingo certainly did not process it. */
type Verdict =
  | { kind: 'final'; answer: IngoPayAnswer; ingoStatus: number }
  | {
      kind: 'retry';
      reachedIngo: boolean;
      /** For the assumed outcome, when `reachedIngo`. */
      why: Exclude<AssumedReason, 'unknown_status'>;
      /** For IngoUnavailableError, when no attempt reached Ingo. */
      reason: UnavailableReason;
      httpStatus?: number;
      ingoStatus?: number;
      cause?: unknown;
    };

// When several attempts reached Ingo without a final answer, the assumed outcome names the most
// telling one: a 104 proves Ingo has the payment, a 5xx proves it was reached.
const WHY_RANK: Readonly<Record<Exclude<AssumedReason, 'unknown_status'>, number>> = {
  no_answer: 0,
  server_error: 1,
  in_progress: 2,
};

export function createIngoPay(config: IngoPayConfig): {
  pushFunds(input: PushFundsInput, options?: IngoPayCallOptions): Promise<PushResult>;
  pullFunds(input: PullFundsInput, options?: IngoPayCallOptions): Promise<PullResult>;
} {
  const { settings, baseUrl, environment, username } = config;
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');

  // Start times of the latest requests (reserved slots, possibly in the future), shared by push
  // and pull: at most maxRequestsPerSecond requests start within any second. A slot is reserved
  // synchronously, so concurrent calls never pick the same one.
  const starts: number[] = [];
  function throttle(signal: AbortSignal | undefined): Promise<void> {
    const now = Date.now();
    const limit = settings.maxRequestsPerSecond;
    const oldest = starts.length >= limit ? starts[starts.length - limit] : undefined;
    const at = oldest === undefined ? now : Math.max(now, oldest + 1000);
    starts.push(at);
    if (starts.length > limit) starts.splice(0, starts.length - limit);
    return at > now ? sleep(at - now, signal) : Promise.resolve();
  }

  /** The wait before retry `n` (1 = the first retry). */
  function retryDelay(n: number): number {
    const { firstRetryDelayMs: first, maxRetryDelayMs: max } = settings;
    if (n === 1) return first;
    // Exponential ×2 with jitter, but never sooner than the first delay: Ingo asks for replays no
    // sooner than 3–4 s after its stand-in timeout, and a quick 104 must not turn into a burst.
    const ceiling = Math.min(max, first * 2 ** (n - 1));
    return first + Math.random() * (ceiling - first);
  }

  function judge(
    kind: Kind,
    name: string,
    sent: Awaited<ReturnType<typeof sendSignedOnce>>,
  ): Verdict {
    if (sent.kind === 'no_answer') {
      const unreached = !sent.timedOut && neverConnected(sent.error);
      return {
        kind: 'retry',
        reachedIngo: !unreached,
        why: 'no_answer',
        reason: sent.timedOut ? 'timeout' : 'network',
        cause: sent.error,
      };
    }
    const { response, text } = sent;
    const body = parseJsonObject(text);
    const answer = body ? readAnswer(body, text) : undefined;
    const ingoMessage = answer?.ingoMessage ?? (text ? text.slice(0, 500) : undefined);
    const httpStatus = response.status;
    if (httpStatus === 401 || httpStatus === 403) {
      throw authenticationError({ response, ingoMessage, environment, baseUrl, username });
    }
    if (httpStatus === 429) {
      // Refused at the gate before any processing: not ambiguous.
      return {
        kind: 'retry',
        reachedIngo: false,
        why: 'no_answer',
        reason: 'rate_limited',
        httpStatus,
      };
    }
    if (httpStatus >= 500) {
      return {
        kind: 'retry',
        reachedIngo: true,
        why: 'server_error',
        reason: 'server_error',
        httpStatus,
      };
    }
    const ingoStatus = answer?.ingoStatus;
    if (ingoStatus === 402) {
      throw authenticationError({
        response,
        ingoMessage,
        environment,
        baseUrl,
        username,
        timestampRejected: true,
      });
    }
    if (ingoStatus === undefined) {
      if (response.ok) {
        // A 200 we cannot read may still mean the payment went through: replay to learn it.
        return {
          kind: 'retry',
          reachedIngo: true,
          why: 'no_answer',
          reason: 'server_error',
          httpStatus,
        };
      }
      throw new IngoApiError({
        message:
          `Ingo answered ${name} with HTTP ${httpStatus} and no IngoPay status. This is not ` +
          `retried: ${httpStatus === 404 ? `check ingoPayApiUrl (${baseUrl}); ` : ''}see ingoMessage.`,
        httpStatus,
        ingoMessage,
      });
    }
    if (ingoStatus === 104) {
      return {
        kind: 'retry',
        reachedIngo: true,
        why: 'in_progress',
        reason: 'server_error',
        httpStatus,
        ingoStatus,
      };
    }
    if (ingoStatus >= 500 && ingoStatus <= 599) {
      return {
        kind: 'retry',
        reachedIngo: true,
        why: 'server_error',
        reason: 'server_error',
        httpStatus,
        ingoStatus,
      };
    }
    const success =
      ingoStatus === 100 || ingoStatus === 101 || (kind === 'push' && ingoStatus === 102);
    if (success && answer?.transactionId === undefined) {
      // Success without Ingo's id: a replay with the same id answers 101 with the original data.
      return {
        kind: 'retry',
        reachedIngo: true,
        why: 'no_answer',
        reason: 'server_error',
        httpStatus,
        ingoStatus,
      };
    }
    return { kind: 'final', answer: answer as IngoPayAnswer, ingoStatus };
  }

  /** Maps a final answer to the outcome. */
  function settle(
    kind: Kind,
    answer: IngoPayAnswer,
    ingoStatus: number,
    base: { participantUniqueId1: string; attempts: number },
  ): PushResult | PullResult {
    const optional = {
      ...(answer.estimatedPostingDate === undefined
        ? {}
        : { estimatedPostingDate: answer.estimatedPostingDate }),
      ...(answer.estimatedPostingTime === undefined
        ? {}
        : { estimatedPostingTime: answer.estimatedPostingTime }),
    };
    if (kind === 'push' && (ingoStatus === 100 || ingoStatus === 101 || ingoStatus === 102)) {
      return {
        outcome: 'succeeded',
        ingoStatus,
        replayed: ingoStatus === 101,
        standIn: ingoStatus === 102,
        transactionId: answer.transactionId as string,
        ...optional,
        ...(answer.checkNumber === undefined ? {} : { checkNumber: answer.checkNumber }),
        ...base,
      };
    }
    if (kind === 'pull' && (ingoStatus === 100 || ingoStatus === 101)) {
      return {
        outcome: 'succeeded',
        ingoStatus,
        replayed: ingoStatus === 101,
        transactionId: answer.transactionId as string,
        ...optional,
        ...base,
      };
    }
    if (ingoStatus === 103 || (kind === 'pull' && ingoStatus === 102)) {
      return {
        outcome: 'pending',
        ingoStatus,
        ingoMessage: answer.ingoMessage,
        ...(answer.transactionId === undefined ? {} : { transactionId: answer.transactionId }),
        ...optional,
        ...base,
      };
    }
    if (ingoStatus >= 100 && ingoStatus <= 199) {
      // A success-family code Ingo documents nowhere for this call: not a decline, so apply
      // Ingo's no-answer rule rather than risk paying twice (push) or shipping unpaid (pull).
      return kind === 'push'
        ? { outcome: 'assumed_succeeded', reason: 'unknown_status', ingoStatus, ...base }
        : { outcome: 'assumed_failed', reason: 'unknown_status', ingoStatus, ...base };
    }
    return { outcome: 'failed', ingoStatus, ingoMessage: answer.ingoMessage, ...base };
  }

  async function call(
    kind: Kind,
    input: unknown,
    options: IngoPayCallOptions,
  ): Promise<PushResult | PullResult> {
    const name = kind === 'push' ? 'pushFunds' : 'pullFunds';
    const { participantId } = config;
    if (participantId === undefined) {
      throw new IngoConfigError(
        `${name}: the client has no participantId. Pass createIngoClient({ participantId }) ` +
          '(or set INGO_PARTICIPANT_ID for ingoClientFromEnv): your numeric Ingo participant id, ' +
          'issued by your Ingo integration manager.',
      );
    }
    const valid = kind === 'push' ? validatePushFunds(input) : validatePullFunds(input);
    const participantUniqueId1 = valid.input.participantUniqueId1;
    const path = `${prefix}${kind === 'push' ? PUSH_PATH : PULL_PATH}`;
    const url = `${new URL(baseUrl).origin}${path}`;
    const signal = options?.signal;
    let reached: Extract<Verdict, { kind: 'retry' }> | undefined;
    let last: Extract<Verdict, { kind: 'retry' }> | undefined;
    let attempts = 0;
    while (attempts < settings.maxAttempts) {
      if (attempts > 0) await sleep(retryDelay(attempts), signal);
      await throttle(signal);
      if (signal?.aborted) throw signal.reason;
      // Rebuilt per attempt: Ingo checks the body timestamp (±300 s) as well as X-Date, and the
      // idempotency key (participant_unique_id1) is what makes the replay safe, not the bytes.
      const now = new Date();
      const seconds = Math.floor(now.getTime() / 1000);
      const body =
        kind === 'push'
          ? pushBody(valid as { input: PushFundsInput; cents: number }, participantId, seconds)
          : pullBody(valid as { input: PullFundsInput; cents: number }, participantId, seconds);
      attempts += 1;
      const sent = await sendSignedOnce({
        fetch: config.fetch,
        url,
        path,
        body,
        username,
        secret: config.secret,
        algorithm: config.algorithm,
        signedHeaders: config.signedHeaders ?? INGOPAY_SIGNED_HEADERS,
        date: now,
        timeoutMs: settings.timeoutMs,
        signal,
      });
      const verdict = judge(kind, name, sent);
      if (verdict.kind === 'final') {
        return settle(kind, verdict.answer, verdict.ingoStatus, { participantUniqueId1, attempts });
      }
      last = verdict;
      if (verdict.reachedIngo && (!reached || WHY_RANK[verdict.why] >= WHY_RANK[reached.why])) {
        reached = verdict;
      }
    }
    if (!reached) {
      throw new IngoUnavailableError({
        reason: last?.reason ?? 'network',
        attempts,
        url,
        ...(last?.httpStatus === undefined ? {} : { httpStatus: last.httpStatus }),
        cause: last?.cause,
        api: "Ingo's IngoPay API",
        advice:
          `No attempt reached Ingo, so nothing was processed: call ${name} again later with the ` +
          'same participantUniqueId1.',
      });
    }
    const assumed = {
      reason: reached.why,
      ...(reached.ingoStatus === undefined ? {} : { ingoStatus: reached.ingoStatus }),
      participantUniqueId1,
      attempts,
    };
    return kind === 'push'
      ? { outcome: 'assumed_succeeded', ...assumed }
      : { outcome: 'assumed_failed', ...assumed };
  }

  return {
    pushFunds: (input, options = {}) => call('push', input, options) as Promise<PushResult>,
    pullFunds: (input, options = {}) => call('pull', input, options) as Promise<PullResult>,
  };
}
