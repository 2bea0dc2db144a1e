/**
 * IngoPay push (`POST /gateway/process`) and pull (`POST /gateway/v12/debit/process`), as
 * INGOPAY.md describes them, with the emulator decisions of its §9: HMAC failures are HTTP 401
 * with a Kong-style body, every business outcome is HTTP 200 with the code in the body,
 * idempotency by participant_unique_id1 (101 after success, 104 while in flight), tokens must be
 * ones the sandbox issued, and sandbox-only test amounts drive the failure codes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyHmacRequest } from './hmac-verifier.js';
import {
  type IngoPayAccountType,
  type IngoPayKind,
  type IngoPayProblem,
  type IngoPayRequest,
  parseIngoPayBody,
  pullRequestEcho,
  validatePull,
  validatePush,
} from './ingopay-request.js';
import {
  ACCOUNT_TYPES_BY_DESTINATION,
  type IngoPayStore,
  type IssuedToken,
  isTokenDestination,
  TOKEN_DESTINATIONS,
  type Transaction,
} from './ingopay-store.js';

export const PUSH_PATH = '/gateway/process';
export const PULL_PATH = '/gateway/v12/debit/process';

const FAILURE = 'Transaction Failure - Contact Ingo Payments Client Services at 877-739-2926';

/** Body `client_message` / `response.message` per code: Ingo's documented text where there is one. */
export const INGOPAY_MESSAGES: Readonly<Record<number, string>> = {
  100: 'Success',
  101: 'Success - Idempotent Response',
  102: 'Success - Pending Issuer Response',
  104: 'In Progress - Idempotent Response',
  400: FAILURE,
  401: FAILURE,
  402: FAILURE,
  503: 'System Error - Temporarily unavailable, retry with the same participant_unique_id1',
  504: 'Issuer Timeout - Debit not completed, retry with the same participant_unique_id1',
  700: 'Account not currently available for processing via Ingo',
  760: 'Invalid customer_account_token',
  761: 'customer_account_token cannot be used with account_type',
  1042: 'Check Digit Failure - Please check account number and try again.',
};

/**
 * Sandbox-only test amounts, by the cents of the amount. `.02` is a push stand-in (102, stored
 * as a success); on a pull it is the pull stand-in placeholder 504 (nothing stored).
 */
export const INGOPAY_TEST_CENTS = {
  standIn: 2,
  slow: 4,
  checkDigit: 42,
  transient: 50,
  unavailable: 70,
} as const;

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
  readBody: (req: IncomingMessage) => Promise<Buffer>;
  sendJson: (res: ServerResponse, status: number, body: unknown) => void;
}

type Outcome =
  | { code: number; message: string; transaction?: undefined }
  | { code: number; message: string; transaction: Transaction; view: 'full' | 'ids' };

/** True unless the Accept header rules JSON out (e.g. `application/xml`). */
export function acceptsJson(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  if (value.trim() === '') return true;
  return value.split(',').some((part) => {
    const [type = '', ...params] = part
      .toLowerCase()
      .split(';')
      .map((s) => s.trim());
    const q = params.find((param) => param.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return (
      type === 'application/json' ||
      type === 'application/*' ||
      type === '*/*' ||
      type.endsWith('+json')
    );
  });
}

// ------------------------------------------------------------------ estimated posting

interface CalendarDay {
  /** UTC midnight of the calendar day, used only for date arithmetic. */
  utc: number;
}

/** Today's calendar date where Ingo is (US Eastern time). */
function easternToday(nowMs: number): CalendarDay {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(nowMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { utc: Date.UTC(get('year'), get('month') - 1, get('day')) };
}

function addDays(day: CalendarDay, days: number): CalendarDay {
  return { utc: day.utc + days * 86_400_000 };
}

function isWeekend(day: CalendarDay): boolean {
  const weekday = new Date(day.utc).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** `MM/DD/YYYY`. */
function formatDay(day: CalendarDay): string {
  const date = new Date(day.utc);
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate()).padStart(2, '0');
  return `${mm}/${dd}/${date.getUTCFullYear()}`;
}

/** The first business day (Monday–Friday; bank holidays are not modelled) on or after `day`. */
function businessDayFrom(day: CalendarDay): CalendarDay {
  let current = day;
  while (isWeekend(current)) current = addDays(current, 1);
  return current;
}

/** INGOPAY §4.1/§8.5: the estimated-posting text and date follow the rail. */
export function estimatedPosting(
  accountType: IngoPayAccountType,
  nowMs: number,
): { estimated_posting_time: string; estimated_posting_date: string } {
  const today = easternToday(nowMs);
  const on = (day: CalendarDay) => ({
    estimated_posting_time: `Payment will post ${formatDay(day)}`,
    estimated_posting_date: formatDay(day),
  });
  switch (accountType) {
    case 'AC':
    case 'BP':
      return on(businessDayFrom(addDays(today, 1)));
    case 'SD':
      return on(businessDayFrom(today));
    case 'CK':
      return {
        estimated_posting_time: 'Payment will post 7-10 Days',
        estimated_posting_date: formatDay(addDays(today, 7)),
      };
    default:
      return {
        estimated_posting_time: 'Payment will post within 5 minutes.',
        estimated_posting_date: formatDay(today),
      };
  }
}

// ------------------------------------------------------------------ handler

function problemText(problems: readonly IngoPayProblem[]): string {
  return problems.map((p) => `${p.field} ${p.message}`).join('; ');
}

function failure(code: number, detail?: string): Outcome {
  const message = INGOPAY_MESSAGES[code] ?? FAILURE;
  return { code, message: detail ? `${message} (sandbox: ${detail})` : message };
}

/** The paths whose values differ between two flattened bodies (for the mismatch warning). */
function differingFields(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => a[key] !== b[key]).sort();
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

  /** The 104 answer: the original's ids and transaction_id, nothing about its outcome yet. */
  function idsAnswer(transaction: Transaction): Record<string, unknown> {
    const keep =
      transaction.kind === 'push'
        ? [
            'transaction_id',
            'request_timestamp',
            'customer_account_token',
            'participant_unique_id1',
            'participant_unique_id2',
          ]
        : ['transaction_id', 'customer_account_token', 'participant_unique_ids'];
    return Object.fromEntries(
      Object.entries(transaction.answer).filter(([key]) => keep.includes(key)),
    );
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
   * Serves one push or pull request. `dropAfterCommit`: process fully, then answer nothing.
   * `ingoStatus`: answer a valid request with that status instead of processing it.
   */
  async function handle(
    kind: IngoPayKind,
    req: IncomingMessage,
    res: ServerResponse,
    options: { dropAfterCommit?: boolean; ingoStatus?: number } = {},
  ): Promise<void> {
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(4);
    const path = kind === 'push' ? PUSH_PATH : PULL_PATH;
    const raw = await deps.readBody(req);
    const reply = (httpStatus: number, payload: unknown, transaction?: Transaction) => {
      if (options.dropAfterCommit) {
        if (transaction) store.log(transaction, 'answer_dropped', { status: httpStatus });
        deps.log(`${kind} ${path}: answer dropped after processing (fault dropAfterCommit)`);
        req.socket.destroy();
        return;
      }
      if (res.destroyed) return;
      deps.sendJson(res, httpStatus, payload);
    };

    const auth = verifyHmacRequest(
      {
        method: req.method ?? '',
        target: req.url ?? '',
        httpVersion: req.httpVersion,
        headers: req.headers,
        body: raw,
      },
      {
        username: deps.username,
        secret: deps.secret,
        nowMs: deps.now(),
        maxSkewSeconds: deps.maxSkewSeconds,
      },
    );
    if (!auth.ok) {
      deps.log(`401 ${kind} ${path}: ${auth.check}: ${auth.message}`);
      return reply(401, {
        message: `Unauthorized: ${auth.message}`,
        error: { check: auth.check, message: auth.message },
      });
    }
    if (!acceptsJson(req.headers.accept)) {
      deps.log(`406 ${kind} ${path}: Accept ${String(req.headers.accept)}`);
      return reply(406, {
        message:
          'Not Acceptable: the sandbox answers IngoPay in JSON only (application/xml is not supported); send Accept: application/json or leave Accept out',
      });
    }

    const parsed = parseIngoPayBody(raw);
    const outcome = !parsed.ok
      ? failure(parsed.status, problemText(parsed.problems))
      : options.ingoStatus !== undefined
        ? failure(options.ingoStatus, 'injected by fault ingoStatus')
        : await process(kind, parsed.body);
    const id = outcome.transaction ? ` transaction ${outcome.transaction.id}` : '';
    deps.log(`${outcome.code} ${kind}${id}: ${outcome.message}`);
    const payload = render(kind, parsed.ok ? parsed.body : undefined, outcome, seconds());
    reply(200, payload, outcome.transaction);
  }

  /** POST /__sandbox/tokens: `{ destination }` → a new token, as if the hosted page issued it. */
  function mintToken(
    input: unknown,
  ): { ok: true; token: IssuedToken } | { ok: false; message: string } {
    const known = TOKEN_DESTINATIONS.join(', ');
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return {
        ok: false,
        message: `the body must be a JSON object such as {"destination":"debit"}`,
      };
    }
    const { destination, ...rest } = input as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0)
      return { ok: false, message: `unknown field "${extra[0]}"; send only destination` };
    if (!isTokenDestination(destination)) {
      return {
        ok: false,
        message: `destination must be one of ${known}; got ${JSON.stringify(destination)}`,
      };
    }
    return { ok: true, token: store.registerToken(destination, 'control') };
  }

  function describeTransaction(transaction: Transaction) {
    return {
      transaction_id: transaction.kind === 'push' ? transaction.id : String(transaction.id),
      kind: transaction.kind,
      state: transaction.state,
      status: transaction.status,
      participant_id: transaction.participantId,
      participant_unique_id1: transaction.participantUniqueId1,
      participant_unique_id2: transaction.participantUniqueId2 ?? '',
      account_type: transaction.accountType,
      amount: (transaction.amountCents / 100).toFixed(2),
      customer_account_token: transaction.customerAccountToken,
      created_at: new Date(transaction.createdAtMs).toISOString(),
      log: transaction.log.map((entry) => ({ ...entry })),
    };
  }

  return {
    handle,
    mintToken,
    listTransactions: () => store.list().map(describeTransaction),
    listTokens: () => store.listTokens(),
  };
}

export type IngoPay = ReturnType<typeof createIngoPay>;
