/**
 * The ONE place where IngoPay's wire typing lives (INGOPAY.md §2–§4). Push (v11, flat) and pull
 * (v12, nested) type the same facts differently, and both must be matched exactly:
 *
 * | fact            | push `/gateway/process`         | pull `/gateway/v12/debit/process`                 |
 * | --------------- | ------------------------------- | ------------------------------------------------- |
 * | participant id  | `participant_id` integer        | `request.participant_id` string                   |
 * | timestamp       | `timestamp` integer Unix s      | `request.timestamp` string Unix s                 |
 * | amount          | `amount` JSON number `25.00`    | `transaction.transaction_amount.amount` `"25.00"` |
 * | source of funds | integer                         | number                                            |
 * | answer status   | `status` number                 | `response.status` string                          |
 * | transaction id  | `data.transaction_id` integer   | `transaction.transaction_id` string               |
 *
 * Absent optional fields are left out of the body, never sent as `null`, `""` or `{}`.
 */
import { isRecord, parseStatus } from './ingo-http.js';
import type {
  AchAdditionalDetail,
  IngoLedger,
  PullFundsInput,
  PushFundsInput,
  PushSender,
  Valid,
} from './ingopay.js';

/** The v11 body's `version`. */
const PUSH_VERSION = 11;

/**
 * Integer cents → `"25.00"`, by string arithmetic only (dividing by 100 in floating point can
 * round near Number.MAX_SAFE_INTEGER).
 */
export function formatCents(cents: number): string {
  const digits = String(cents).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function ledgerWire(ledger: IngoLedger): Record<string, string> {
  return {
    api_key: ledger.apiKey,
    user_id: ledger.userId,
    entity_type: ledger.entityType,
    entity_id: ledger.entityId,
  };
}

/** Copies the present values only, renamed; `undefined` when none is present. */
function pick(
  source: Record<string, unknown>,
  names: Readonly<Record<string, string>>,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(names)) {
    if (source[from] !== undefined) out[to] = source[from];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function achDetailWire(detail: AchAdditionalDetail): Record<string, unknown> | undefined {
  return pick(detail as Record<string, unknown>, {
    sourceName: 'source_name',
    descriptivePurpose: 'descriptive_purpose',
  });
}

function senderWire(sender: PushSender): Record<string, unknown> | undefined {
  const source = sender as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (sender.senderAccount !== undefined) out.sender_account = sender.senderAccount;
  const groups = {
    name_personal: pick(source, { firstName: 'first_name', lastName: 'last_name' }),
    contact_address: pick(source, {
      address1: 'address1',
      address2: 'address2',
      city: 'city',
      state: 'state',
      zip: 'zip',
    }),
    contact_telcom: pick(source, {
      email: 'email',
      phoneHome: 'phone_home',
      phoneMobile: 'phone_mobile',
    }),
  };
  for (const [name, group] of Object.entries(groups)) {
    if (group) out[name] = group;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The push body as JSON text. Built by hand so that `amount` is written as the exact literal
 * `25.00`: a JS number would go through binary floating point and print as `25`.
 */
export function pushBody(
  valid: Valid<PushFundsInput>,
  participantId: string,
  timestampSeconds: number,
): string {
  const { input, cents } = valid;
  // [wire name, JSON text], in the order of Ingo's examples.
  const fields: [string, string][] = [];
  const add = (name: string, value: unknown) => {
    if (value !== undefined) fields.push([name, JSON.stringify(value)]);
  };
  fields.push(['participant_id', participantId]);
  add('account_type', input.accountType);
  fields.push(['amount', formatCents(cents)]);
  add('customer_account_token', input.customerAccountToken);
  add('source_of_funds', input.sourceOfFunds);
  add('recipient_phone', input.recipientPhone);
  add('participant_unique_id1', input.participantUniqueId1);
  add('participant_unique_id2', input.participantUniqueId2);
  if (input.accountType === 'AC' || input.accountType === 'SD') {
    add('additional_detail', input.additionalDetail && achDetailWire(input.additionalDetail));
  }
  if (input.accountType === 'CA') add('sender', input.sender && senderWire(input.sender));
  if (input.accountType === 'CK') {
    add('check_memo_data', input.checkMemoData);
    add('remittance_memo_data', input.remittanceMemoData);
  }
  add('store_id', input.storeId);
  add('clerk_id', input.clerkId);
  add('terminal_id', input.terminalId);
  add('ledger', input.ledger && ledgerWire(input.ledger));
  fields.push(['timestamp', String(timestampSeconds)]);
  fields.push(['version', String(PUSH_VERSION)]);
  return `{${fields.map(([name, text]) => `${JSON.stringify(name)}:${text}`).join(',')}}`;
}

/** The pull body as JSON text; every scalar is a string except `source_of_funds`. */
export function pullBody(
  valid: Valid<PullFundsInput>,
  participantId: string,
  timestampSeconds: number,
): string {
  const { input, cents } = valid;
  const ids: Record<string, string> = { participant_unique_id1: input.participantUniqueId1 };
  if (input.participantUniqueId2 !== undefined) {
    ids.participant_unique_id2 = input.participantUniqueId2;
  }
  const transaction: Record<string, unknown> = {
    account_type: input.accountType,
    transaction_amount: { currency_code: 'USD', amount: formatCents(cents) },
    participant_unique_ids: ids,
    customer_account_token: input.customerAccountToken,
    source_of_funds: input.sourceOfFunds,
  };
  if (input.recipientPhone !== undefined) transaction.recipient_phone = input.recipientPhone;
  if (input.riskAssessmentToken !== undefined) {
    transaction.risk_assessment_token = input.riskAssessmentToken;
  }
  if (input.accountType !== 'CA' && input.additionalDetail) {
    const detail = achDetailWire(input.additionalDetail);
    if (detail) transaction.additional_detail = detail;
  }
  const body: Record<string, unknown> = {
    request: { participant_id: participantId, timestamp: String(timestampSeconds) },
    transaction,
  };
  // At the top level, next to `request` and `transaction`.
  if (input.ledger) body.ledger = ledgerWire(input.ledger);
  return JSON.stringify(body);
}

/** What the client needs from any IngoPay answer, whatever its shape. */
export interface IngoPayAnswer {
  ingoStatus: number | undefined;
  ingoMessage: string | undefined;
  transactionId: string | undefined;
  estimatedPostingDate: string | undefined;
  estimatedPostingTime: string | undefined;
  checkNumber: string | undefined;
}

function text(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The transaction id as a string. A push sends an integer; one beyond 2^53 would have lost digits
 * in `JSON.parse`, so its literal is then read from the raw text instead.
 */
function transactionIdOf(value: unknown, raw: string): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
  if (Number.isSafeInteger(value)) return String(value);
  return /"transaction_id"\s*:\s*([0-9]+)/.exec(raw)?.[1];
}

/**
 * Reads a push answer (`status`, `client_message`, `data.*`) or a pull answer (`response.status`,
 * `response.message`, `transaction.*`) leniently: numbers or numeric strings, either layout.
 */
export function readAnswer(body: Record<string, unknown>, raw: string): IngoPayAnswer {
  const response = isRecord(body.response) ? body.response : undefined;
  const details = isRecord(body.transaction)
    ? body.transaction
    : isRecord(body.data)
      ? body.data
      : undefined;
  return {
    ingoStatus: parseStatus(response?.status) ?? parseStatus(body.status),
    ingoMessage:
      text(response, 'message') ??
      text(body, 'client_message') ??
      text(body, 'message') ??
      text(body, 'error'),
    transactionId: transactionIdOf(details?.transaction_id, raw),
    estimatedPostingDate: text(details, 'estimated_posting_date'),
    estimatedPostingTime: text(details, 'estimated_posting_time'),
    checkNumber: text(details, 'check_number') ?? numberText(details?.check_number),
  };
}

function numberText(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
}
