/**
 * IngoPay push (`POST /gateway/process`) and pull (`POST /gateway/v12/debit/process`), as
 * INGOPAY.md describes them, with the emulator decisions of its §9: HMAC failures are HTTP 401
 * with a Kong-style body, every business outcome is HTTP 200 with the code in the body,
 * idempotency by participant_unique_id1 (101 after success, 104 while in flight), tokens must be
 * ones the sandbox issued, and sandbox-only test amounts drive the failure codes. Transport-free:
 * src/routes/ingopay.ts reads the request and sends (or drops) the answer.
 */
import { verifyHmacRequest } from './hmac-verifier.js';
import { acceptsJson, INGOPAY_MESSAGES, INGOPAY_TEST_CENTS } from './ingopay-messages.js';
import {
  differingFields,
  failure,
  idsAnswer,
  type Outcome,
  problemText,
} from './ingopay-outcome.js';
import { estimatedPosting } from './ingopay-posting.js';
import {
  type IngoPayKind,
  type IngoPayRequest,
  parseIngoPayBody,
  pullRequestEcho,
  validatePull,
  validatePush,
} from './ingopay-request.js';
import {
  ACCOUNT_TYPES_BY_DESTINATION,
  type IngoPayStore,
  type Transaction,
} from './ingopay-store.js';

export { acceptsJson, INGOPAY_MESSAGES, INGOPAY_TEST_CENTS } from './ingopay-messages.js';
export { estimatedPosting } from './ingopay-posting.js';

export const PUSH_PATH = '/gateway/process';
export const PULL_PATH = '/gateway/v12/debit/process';

export interface IngoPayDeps {
  store: IngoPayStore;
  username: string;
  secret: string;
  participantId: string;
  ledger: boolean;
  /** How long a `.04` transaction stays in flight, in ms. */
  slowMs: number;
  maxSkewSeconds: number;
  now: () => number;
  log: (line: string) => void;
  delay: (ms: number) => Promise<void>;
}

/** One request as the wire had it: what the HMAC check and the answer need. */
export interface IngoPayInput {
  method: string;
  target: string;
  httpVersion: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/** What to answer; `transaction` is the one committed or replayed, if any. */
export interface IngoPayAnswer {
  status: number;
  body: unknown;
  transaction?: Transaction;
}

export function createIngoPay(deps: IngoPayDeps) {
  const { store } = deps;
  const validationContext = { participantId: deps.participantId, ledger: deps.ledger };

  function successAnswer(request: IngoPayRequest, id: number): Record<string, unknown> {
    const posting = estimatedPosting(request.accountType, deps.now());
    if (request.kind === 'push') {
      return {
        ...posting,
        transaction_id: id,
        request_timestamp: Math.floor(deps.now() / 1000),
        customer_account_token: request.customerAccountToken,
        participant_unique_id1: request.participantUniqueId1,
        participant_unique_id2: request.participantUniqueId2 ?? '',
        ...(request.accountType === 'CK' ? { check_number: store.nextCheckNumber() } : {}),
      };
    }
    return {
      estimated_posting_date: posting.estimated_posting_date,
      estimated_posting_time: posting.estimated_posting_time,
      transaction_id: String(id),
      customer_account_token: request.customerAccountToken,
      participant_unique_ids: {
        participant_unique_id1: request.participantUniqueId1,
        ...(request.participantUniqueId2 === undefined
          ? {}
          : { participant_unique_id2: request.participantUniqueId2 }),
      },
    };
  }

  async function process(kind: IngoPayKind, body: Record<string, unknown>): Promise<Outcome> {
    const validation =
      kind === 'push'
        ? validatePush(body, validationContext)
        : validatePull(body, validationContext);
    if (!validation.ok) return failure(validation.status, problemText(validation.problems));
    const request = validation.value;

    const skew = request.timestampSeconds - Math.round(deps.now() / 1000);
    if (Math.abs(skew) > deps.maxSkewSeconds) {
      return failure(
        402,
        `timestamp ${request.timestampSeconds} is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the sandbox clock; the limit is ±${deps.maxSkewSeconds} s`,
      );
    }

    const existing = store.find(deps.participantId, kind, request.participantUniqueId1);
    if (existing) {
      if (existing.fingerprint !== request.fingerprint) {
        store.log(existing, 'body_mismatch_warning', {
          fields: differingFields(existing.flat, request.flat),
          message:
            'participant_unique_id1 was reused with a different body; answered as a replay of the original',
        });
      }
      if (existing.state === 'in_flight') {
        store.log(existing, 'replayed_104');
        return {
          code: 104,
          message: INGOPAY_MESSAGES[104] ?? '',
          transaction: existing,
          view: 'ids',
        };
      }
      store.log(existing, 'replayed_101');
      return {
        code: 101,
        message: INGOPAY_MESSAGES[101] ?? '',
        transaction: existing,
        view: 'full',
      };
    }

    const token = store.token(request.customerAccountToken);
    if (!token) return failure(760);
    if (!ACCOUNT_TYPES_BY_DESTINATION[token.destination][kind].includes(request.accountType)) {
      return {
        code: 761,
        message: `customer_account_token cannot be used with account_type ${request.accountType}`,
      };
    }

    const cents = request.amountCents % 100;
    if (cents === INGOPAY_TEST_CENTS.unavailable) return failure(700);
    if (cents === INGOPAY_TEST_CENTS.checkDigit) return failure(1042);
    if (cents === INGOPAY_TEST_CENTS.transient) return failure(503);
    if (cents === INGOPAY_TEST_CENTS.standIn && kind === 'pull') return failure(504);

    const slow = cents === INGOPAY_TEST_CENTS.slow;
    const status = cents === INGOPAY_TEST_CENTS.standIn ? 102 : 100;
    const transaction = store.commit(
      {
        kind,
        state: slow ? 'in_flight' : 'completed',
        status,
        participantId: deps.participantId,
        participantUniqueId1: request.participantUniqueId1,
        ...(request.participantUniqueId2 === undefined
          ? {}
          : { participantUniqueId2: request.participantUniqueId2 }),
        accountType: request.accountType,
        amountCents: request.amountCents,
        customerAccountToken: request.customerAccountToken,
        fingerprint: request.fingerprint,
        flat: request.flat,
      },
      (id) => successAnswer(request, id),
    );
    store.log(transaction, 'received', {
      account_type: request.accountType,
      amount: (request.amountCents / 100).toFixed(2),
    });
    store.log(transaction, 'committed', { state: transaction.state, status });
    if (slow) {
      await deps.delay(deps.slowMs);
      store.complete(transaction);
      store.log(transaction, 'completed', { status });
    }
    return { code: status, message: INGOPAY_MESSAGES[status] ?? '', transaction, view: 'full' };
  }

  function render(
    kind: IngoPayKind,
    body: unknown,
    outcome: Outcome,
    seconds: string,
  ): Record<string, unknown> {
    const answer = outcome.transaction
      ? outcome.view === 'full'
        ? outcome.transaction.answer
        : idsAnswer(outcome.transaction)
      : undefined;
    if (kind === 'push') {
      return {
        status: outcome.code,
        client_message: outcome.message,
        data: answer ?? {},
        time: seconds,
      };
    }
    return {
      request: pullRequestEcho(body),
      response: { status: String(outcome.code), message: outcome.message, duration: seconds },
      ...(answer ? { transaction: answer } : {}),
    };
  }

  /**
   * Serves one push or pull request. `ingoStatus`: answer a valid request with that status
   * instead of processing it.
   */
  async function handle(
    kind: IngoPayKind,
    input: IngoPayInput,
    options: { ingoStatus?: number } = {},
  ): Promise<IngoPayAnswer> {
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(4);
    const path = kind === 'push' ? PUSH_PATH : PULL_PATH;
    const auth = verifyHmacRequest(input, {
      username: deps.username,
      secret: deps.secret,
      nowMs: deps.now(),
      maxSkewSeconds: deps.maxSkewSeconds,
    });
    if (!auth.ok) {
      deps.log(`401 ${kind} ${path}: ${auth.check}: ${auth.message}`);
      return {
        status: 401,
        body: {
          message: `Unauthorized: ${auth.message}`,
          error: { check: auth.check, message: auth.message },
        },
      };
    }
    const accept = input.headers.accept;
    if (!acceptsJson(accept)) {
      deps.log(`406 ${kind} ${path}: Accept ${String(accept)}`);
      return {
        status: 406,
        body: {
          message:
            'Not Acceptable: the sandbox answers IngoPay in JSON only (application/xml is not supported); send Accept: application/json or leave Accept out',
        },
      };
    }

    const parsed = parseIngoPayBody(input.body);
    const outcome = !parsed.ok
      ? failure(parsed.status, problemText(parsed.problems))
      : options.ingoStatus !== undefined
        ? failure(options.ingoStatus, 'injected by fault ingoStatus')
        : await process(kind, parsed.body);
    const id = outcome.transaction ? ` transaction ${outcome.transaction.id}` : '';
    deps.log(`${outcome.code} ${kind}${id}: ${outcome.message}`);
    const payload = render(kind, parsed.ok ? parsed.body : undefined, outcome, seconds());
    return outcome.transaction
      ? { status: 200, body: payload, transaction: outcome.transaction }
      : { status: 200, body: payload };
  }

  return { handle };
}

export type IngoPay = ReturnType<typeof createIngoPay>;
