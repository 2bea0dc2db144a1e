/**
 * IngoPay push (`pushFunds`) and pull (`pullFunds`): our camelCase input, its validation and the
 * results (INGOPAY.md §2–§5). Ingo's wire typing lives in `ingopay-wire.ts` only.
 */
import { IngoValidationError, type ValidationIssue } from './errors.js';
import { isRecord } from './ingo-http.js';
import { checkText, EMAIL, PHONE, USPS_STATES, ZIP } from './session.js';

// --- input ------------------------------------------------------------------------------------

/** `1` cash, `2` check, `3` cash and check, `4` corporate disbursement. */
export type SourceOfFunds = 1 | 2 | 3 | 4;

/**
 * Where a push goes: `CA` card, `AC` standard ACH, `SD` same-day ACH, `RT` RTP, `BP` BillPay,
 * `PD`/`PU` PayPal verified/unverified, `VE` Venmo, `CK` check by mail.
 */
export type PushAccountType = 'CA' | 'AC' | 'SD' | 'RT' | 'BP' | 'PD' | 'PU' | 'VE' | 'CK';

/** Where a pull comes from: `CA` card, `AC`/`SD` ACH / same-day ACH. */
export type PullAccountType = 'CA' | 'AC' | 'SD';

/**
 * Exactly one of the two. `amount` is a decimal string of dollars (`'25.00'`, `'1010.5'`), never
 * a number, because a binary float cannot hold every amount of cents exactly.
 */
export type IngoPayAmount =
  | { amount: string; amountCents?: never }
  | { amountCents: number; amount?: never };

/** Only for programs on Ingo's ledger service (Banking Platform); omit it otherwise. */
export interface IngoLedger {
  apiKey: string;
  userId: string;
  entityType: 'program' | 'user' | 'business';
  entityId: string;
}

/** ACH (`AC`/`SD`) statement text; the two values together may have at most 21 characters. */
export interface AchAdditionalDetail {
  sourceName?: string;
  descriptivePurpose?: string;
}

/** Card push sender details, for programs Ingo configured to require them. */
export interface PushSender {
  /** Your id of the sender's account (max 100 characters). */
  senderAccount?: string;
  firstName?: string;
  lastName?: string;
  address1?: string;
  address2?: string;
  city?: string;
  /** Two-letter USPS code, e.g. `GA`. */
  state?: string;
  /** `12345` or `12345-6789`. */
  zip?: string;
  email?: string;
  /** Ten digits, no punctuation. */
  phoneHome?: string;
  /** Ten digits, no punctuation. */
  phoneMobile?: string;
}

interface IngoPayCommon {
  /** The token from TOKEN_SUCCESS (or Ingo's tokenization webhook). */
  customerAccountToken: string;
  /**
   * YOUR unique id for this payment (1–255 characters, no personal data): Ingo's idempotency key.
   * Store it before calling; calling again with the same id never moves money twice.
   */
  participantUniqueId1: string;
  /** An optional second id of yours; not on Ingo's reconciliation reports. */
  participantUniqueId2?: string;
  sourceOfFunds: SourceOfFunds;
  /** Ten digits, e.g. `'4045551234'` (a check push allows up to 25 characters). */
  recipientPhone?: string;
  ledger?: IngoLedger;
}

interface PushCommon extends IngoPayCommon {
  /** Required for participants Ingo configured as retail (max 255 characters each). */
  storeId?: string;
  clerkId?: string;
  terminalId?: string;
}

/** A card push (Visa Direct / Mastercard Send). */
export interface CardPush extends PushCommon {
  accountType: 'CA';
  sender?: PushSender;
}
/** A standard (`AC`) or same-day (`SD`) ACH push. */
export interface AchPush extends PushCommon {
  accountType: 'AC' | 'SD';
  additionalDetail?: AchAdditionalDetail;
}
/** An RTP push. Ingo rejects `additionalDetail` here. */
export interface RtpPush extends PushCommon {
  accountType: 'RT';
  additionalDetail?: never;
}
/** A BillPay / credit-card balance paydown. */
export interface BillPayPush extends PushCommon {
  accountType: 'BP';
}
/** PayPal verified (`PD`), PayPal unverified (`PU`) or Venmo (`VE`); ids and token ≤ 254. */
export interface PayPalVenmoPush extends PushCommon {
  accountType: 'PD' | 'PU' | 'VE';
}
/** A check by mail. */
export interface CheckPush extends PushCommon {
  accountType: 'CK';
  /** Printed on the check (max 30 characters). */
  checkMemoData?: string;
  /** Max 193 characters. */
  remittanceMemoData?: string;
}

export type PushFundsInput = (
  | CardPush
  | AchPush
  | RtpPush
  | BillPayPush
  | PayPalVenmoPush
  | CheckPush
) &
  IngoPayAmount;

interface PullCommon extends IngoPayCommon {
  /** From Ingo's risk score call, for programs configured for risk assessment. */
  riskAssessmentToken?: string;
}
/** A card debit. */
export interface CardPull extends PullCommon {
  accountType: 'CA';
}
/** An ACH (`AC`) or same-day ACH (`SD`) debit. */
export interface AchPull extends PullCommon {
  accountType: 'AC' | 'SD';
  additionalDetail?: AchAdditionalDetail;
}

export type PullFundsInput = (CardPull | AchPull) & IngoPayAmount;

export interface IngoPayCallOptions {
  /**
   * Aborts the call, including any wait; the abort reason is thrown as is. Once a request was
   * sent, the payment's state is then unknown: call again later with the same participantUniqueId1.
   */
  signal?: AbortSignal;
}

// --- results ----------------------------------------------------------------------------------

interface ResultBase {
  /** The id you passed: log it with Ingo's `transactionId`, Ingo support asks for both. */
  participantUniqueId1: string;
  /** How many requests were sent (1 when the first answer was final). */
  attempts: number;
}

/** Ingo moved the money: 100, 101 (a replay of an earlier success) or 102 (stand-in). */
export interface PushSucceeded extends ResultBase {
  outcome: 'succeeded';
  ingoStatus: 100 | 101 | 102;
  /** 101: this id had already succeeded; nothing new was paid. `transactionId` is the original. */
  replayed: boolean;
  /** 102: the issuer did not answer in time and Ingo stood in; Ingo says treat it exactly like 100. */
  standIn: boolean;
  /** Ingo's id, always as a string (push answers carry an integer). */
  transactionId: string;
  /** `MM/DD/YYYY`, as Ingo sends it. */
  estimatedPostingDate?: string;
  /** Free text, e.g. `Payment will post within 5 minutes.` */
  estimatedPostingTime?: string;
  /** Check pushes (`CK`) only. */
  checkNumber?: string;
}

/** Ingo collected the money: 100, or 101 (a replay of an earlier success). */
export interface PullSucceeded extends ResultBase {
  outcome: 'succeeded';
  ingoStatus: 100 | 101;
  replayed: boolean;
  transactionId: string;
  estimatedPostingDate?: string;
  estimatedPostingTime?: string;
}

/**
 * Accepted but not final: 103 (queued for processing), or 102 on a pull (pending issuer response;
 * Ingo documents no stand-in for debits). Wait for Ingo's webhook or reconciliation report.
 */
export interface IngoPayPending extends ResultBase {
  outcome: 'pending';
  /** 103 (push or pull) or 102 (pull only). */
  ingoStatus: 102 | 103;
  ingoMessage: string | undefined;
  /** These three only when Ingo's answer carried them. */
  transactionId?: string;
  estimatedPostingDate?: string;
  estimatedPostingTime?: string;
}

/**
 * A final refusal or decline (400, 401, 6xx, 7xx, 85x, 1042, …). Nothing was moved and nothing is
 * retried; fix the input, re-capture the account or try another method (see Ingo's code table).
 */
export interface IngoPayFailed extends ResultBase {
  outcome: 'failed';
  ingoStatus: number;
  /** Ingo's `client_message`, for your logs. Never forward it to a browser. */
  ingoMessage: string | undefined;
}

/**
 * Why no final answer arrived: `no_answer` (timeouts, dropped connections, unreadable answers),
 * `in_progress` (Ingo answered 104: it has the payment but had not finished), `server_error`
 * (HTTP or body 5xx), `unknown_status` (a 1xx code Ingo does not document for this call; not retried).
 */
export type AssumedReason = 'no_answer' | 'in_progress' | 'server_error' | 'unknown_status';

/**
 * Push only: every attempt went unanswered (or was not final). Ingo's rule: record the payout as
 * paid, and reconcile it with Ingo (its report, or Ingo support with `participantUniqueId1`).
 */
export interface PushAssumedSucceeded extends ResultBase {
  outcome: 'assumed_succeeded';
  reason: AssumedReason;
  /** The body status behind `reason`, when Ingo sent one (104, a 5xx, or the unknown code). */
  ingoStatus?: number;
}

/** Pull only: no final answer. Ingo's rule: record it as not collected, and reconcile with Ingo. */
export interface PullAssumedFailed extends ResultBase {
  outcome: 'assumed_failed';
  reason: AssumedReason;
  ingoStatus?: number;
}

export type PushResult = PushSucceeded | IngoPayPending | IngoPayFailed | PushAssumedSucceeded;
export type PullResult = PullSucceeded | IngoPayPending | IngoPayFailed | PullAssumedFailed;

// --- validation -------------------------------------------------------------------------------

/** A validated input with its amount in integer cents. */
export interface Valid<T> {
  input: T;
  cents: number;
}

const PUSH_TYPES: ReadonlySet<string> = new Set([
  'CA',
  'AC',
  'SD',
  'RT',
  'BP',
  'PD',
  'PU',
  'VE',
  'CK',
]);
const PULL_TYPES: ReadonlySet<string> = new Set(['CA', 'AC', 'SD']);
const PAYPAL_VENMO: ReadonlySet<string> = new Set(['PD', 'PU', 'VE']);

const COMMON_FIELDS = [
  'accountType',
  'amount',
  'amountCents',
  'customerAccountToken',
  'participantUniqueId1',
  'participantUniqueId2',
  'sourceOfFunds',
  'recipientPhone',
  'ledger',
];
const PUSH_COMMON: ReadonlySet<string> = new Set([
  ...COMMON_FIELDS,
  'storeId',
  'clerkId',
  'terminalId',
]);
const PULL_COMMON: ReadonlySet<string> = new Set([...COMMON_FIELDS, 'riskAssessmentToken']);

/** Fields only some account types accept, and which. */
const PUSH_TYPE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  sender: ['CA'],
  additionalDetail: ['AC', 'SD'],
  checkMemoData: ['CK'],
  remittanceMemoData: ['CK'],
};
const PULL_TYPE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  additionalDetail: ['AC', 'SD'],
};

/** Digits, at most two decimals; no sign, exponent, spaces or separators. */
const DECIMAL_AMOUNT = /^([0-9]+)(?:\.([0-9]{1,2}))?$/;
/** A check's phone: Ingo says only "up to 25 characters"; printable ASCII keeps it one line. */
const CHECK_PHONE = /^[\x20-\x7e]{1,25}$/;
/** Ingo's combined limit for `source_name` + `descriptive_purpose`. */
const ACH_DETAIL_MAX = 21;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

/** Integer cents from `amount` or `amountCents`; records an issue and returns undefined otherwise. */
function checkMoney(issues: ValidationIssue[], input: Record<string, unknown>): number | undefined {
  const { amount, amountCents } = input;
  if (amount !== undefined && amountCents !== undefined) {
    issues.push({ field: 'amount', message: 'give either amount or amountCents, not both' });
    return undefined;
  }
  if (amount === undefined && amountCents === undefined) {
    issues.push({
      field: 'amount',
      message:
        'is required: give amount (a decimal string of dollars such as "25.00") or amountCents ' +
        '(an integer number of cents such as 2500)',
    });
    return undefined;
  }
  if (amount !== undefined) {
    if (typeof amount !== 'string') {
      issues.push({
        field: 'amount',
        message:
          `must be a decimal string such as "25.00", not ${describe(amount)}: a binary float ` +
          'cannot hold every amount of cents exactly (or pass amountCents as an integer)',
      });
      return undefined;
    }
    const match = DECIMAL_AMOUNT.exec(amount);
    if (!match) {
      issues.push({
        field: 'amount',
        message: /^[0-9]+\.[0-9]{3,}$/.test(amount)
          ? 'has more than 2 decimal places; amounts are whole cents'
          : 'must be digits with at most 2 decimal places, e.g. "25.00" or "1010.5" ' +
            '(no sign, exponent, spaces, currency symbol or thousands separator)',
      });
      return undefined;
    }
    // Exact: the digits are joined as text, and parsing a decimal integer string is exact up to
    // Number.MAX_SAFE_INTEGER, which is checked right after.
    const digits = `${match[1]}${(match[2] ?? '').padEnd(2, '0')}`.replace(/^0+(?=[0-9])/, '');
    const cents = digits.length > 16 ? Number.POSITIVE_INFINITY : Number(digits);
    return checkCents(issues, 'amount', cents);
  }
  if (typeof amountCents !== 'number' || Number.isNaN(amountCents)) {
    issues.push({
      field: 'amountCents',
      message: `must be an integer number of cents such as 2500, not ${describe(amountCents)}`,
    });
    return undefined;
  }
  if (!Number.isInteger(amountCents)) {
    issues.push({
      field: 'amountCents',
      message: 'must be a whole number of cents (2500 for $25.00), not a fraction',
    });
    return undefined;
  }
  return checkCents(issues, 'amountCents', amountCents);
}

function checkCents(issues: ValidationIssue[], field: string, cents: number): number | undefined {
  if (cents <= 0) {
    issues.push({
      field,
      message: 'must be at least one cent (0.01); zero or negative is not a payment',
    });
    return undefined;
  }
  if (!Number.isSafeInteger(cents)) {
    issues.push({ field, message: 'is too large (more than Number.MAX_SAFE_INTEGER cents)' });
    return undefined;
  }
  return cents;
}

function checkKeys(
  issues: ValidationIssue[],
  prefix: string,
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
  call: string,
): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key) && value[key] !== undefined) {
      issues.push({
        field: `${prefix}${key}`,
        message: `is not a field ${call} accepts; remove it`,
      });
    }
  }
}

function checkPhone(
  issues: ValidationIssue[],
  field: string,
  value: unknown,
  check: boolean,
): void {
  // The 10-digit rule is checked by format, so that "(404) 555-1234" gets the helpful message.
  if (!checkText(issues, field, value, check ? 25 : 255, false)) return;
  if (check ? !CHECK_PHONE.test(value) : !PHONE.test(value)) {
    issues.push({
      field,
      message: check
        ? 'must be printable characters only (max 25)'
        : 'must be exactly 10 digits with no spaces or punctuation, e.g. "4045551234"',
    });
  }
}

function checkSourceOfFunds(issues: ValidationIssue[], value: unknown): void {
  if (value === 1 || value === 2 || value === 3 || value === 4) return;
  issues.push({
    field: 'sourceOfFunds',
    message:
      value === undefined
        ? 'is required: 1 (cash), 2 (check), 3 (cash and check) or 4 (corporate disbursement)'
        : 'must be the number 1 (cash), 2 (check), 3 (cash and check) or 4 (corporate disbursement)',
  });
}

function checkLedger(issues: ValidationIssue[], value: unknown, call: string): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    issues.push({
      field: 'ledger',
      message: "must be an object; omit it unless your program uses Ingo's ledger service",
    });
    return;
  }
  checkKeys(
    issues,
    'ledger.',
    value,
    new Set(['apiKey', 'userId', 'entityType', 'entityId']),
    call,
  );
  checkText(issues, 'ledger.apiKey', value.apiKey, 255, true);
  checkText(issues, 'ledger.userId', value.userId, 255, true);
  checkText(issues, 'ledger.entityId', value.entityId, 255, true);
  const type = value.entityType;
  if (type !== 'program' && type !== 'user' && type !== 'business') {
    issues.push({
      field: 'ledger.entityType',
      message: `${type === undefined ? 'is required' : 'must be'}: "program", "user" or "business"`,
    });
  }
}

function checkAchDetail(issues: ValidationIssue[], value: unknown, call: string): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    issues.push({ field: 'additionalDetail', message: 'must be an object' });
    return;
  }
  checkKeys(
    issues,
    'additionalDetail.',
    value,
    new Set(['sourceName', 'descriptivePurpose']),
    call,
  );
  const name = value.sourceName;
  const purpose = value.descriptivePurpose;
  const nameOk = checkText(issues, 'additionalDetail.sourceName', name, ACH_DETAIL_MAX, false);
  const purposeOk = checkText(
    issues,
    'additionalDetail.descriptivePurpose',
    purpose,
    ACH_DETAIL_MAX,
    false,
  );
  if (name === undefined && purpose === undefined) {
    issues.push({
      field: 'additionalDetail',
      message: 'give sourceName and/or descriptivePurpose, or omit additionalDetail',
    });
  }
  const total = (nameOk ? name.length : 0) + (purposeOk ? purpose.length : 0);
  if (total > ACH_DETAIL_MAX) {
    issues.push({
      field: 'additionalDetail',
      message: `sourceName and descriptivePurpose together must be at most ${ACH_DETAIL_MAX} characters (got ${total})`,
    });
  }
}

const SENDER_TEXT: Readonly<Record<keyof PushSender, number>> = {
  senderAccount: 100,
  firstName: 255,
  lastName: 255,
  address1: 255,
  address2: 255,
  city: 255,
  state: 2,
  zip: 10,
  email: 255,
  phoneHome: 10,
  phoneMobile: 10,
};

function checkSender(issues: ValidationIssue[], value: unknown, call: string): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    issues.push({ field: 'sender', message: 'must be an object' });
    return;
  }
  checkKeys(issues, 'sender.', value, new Set(Object.keys(SENDER_TEXT)), call);
  let any = false;
  for (const [key, max] of Object.entries(SENDER_TEXT)) {
    const field = `sender.${key}`;
    const text = value[key];
    if (text !== undefined) any = true;
    if (!checkText(issues, field, text, max, false)) continue;
    if (key === 'state' && !USPS_STATES.has(text)) {
      issues.push({ field, message: 'must be a two-letter upper-case USPS state code, e.g. "GA"' });
    } else if (key === 'zip' && !ZIP.test(text)) {
      issues.push({ field, message: 'must be a US ZIP code: "12345" or "12345-6789"' });
    } else if (key === 'email' && !EMAIL.test(text)) {
      issues.push({ field, message: 'must be an e-mail address such as "jane@example.com"' });
    } else if ((key === 'phoneHome' || key === 'phoneMobile') && !PHONE.test(text)) {
      issues.push({ field, message: 'must be exactly 10 digits with no spaces or punctuation' });
    }
  }
  if (!any) {
    issues.push({ field: 'sender', message: 'has no fields; omit sender instead' });
  }
}

/** Reports fields that belong to other account types, or to no account type at all. */
function checkFields(
  issues: ValidationIssue[],
  input: Record<string, unknown>,
  accountType: string | undefined,
  common: ReadonlySet<string>,
  typeFields: Readonly<Record<string, readonly string[]>>,
  call: string,
): void {
  for (const key of Object.keys(input)) {
    if (input[key] === undefined || common.has(key)) continue;
    const types = typeFields[key];
    if (!types) {
      issues.push({ field: key, message: `is not a field ${call} accepts; remove it` });
    } else if (accountType !== undefined && !types.includes(accountType)) {
      issues.push({
        field: key,
        message:
          key === 'additionalDetail' && accountType === 'RT'
            ? 'is not allowed for accountType RT: Ingo rejects additional_detail on RTP; remove it'
            : `is only accepted for accountType ${types.join(' or ')}; remove it`,
      });
    }
  }
}

function checkIds(issues: ValidationIssue[], input: Record<string, unknown>, max: number): void {
  checkText(issues, 'customerAccountToken', input.customerAccountToken, max, true);
  checkText(issues, 'participantUniqueId1', input.participantUniqueId1, max, true);
  checkText(issues, 'participantUniqueId2', input.participantUniqueId2, max, false);
}

/** Throws {@link IngoValidationError} listing every bad field; returns the input and its cents. */
export function validatePushFunds(input: unknown): Valid<PushFundsInput> {
  const call = 'pushFunds';
  if (!isRecord(input)) {
    throw new IngoValidationError([{ field: '(input)', message: 'must be an object' }], call);
  }
  const issues: ValidationIssue[] = [];
  const type =
    typeof input.accountType === 'string' && PUSH_TYPES.has(input.accountType)
      ? input.accountType
      : undefined;
  if (type === undefined) {
    issues.push({
      field: 'accountType',
      message: `${input.accountType === undefined ? 'is required' : 'must be'}: one of ${[...PUSH_TYPES].join(', ')}`,
    });
  }
  checkFields(issues, input, type, PUSH_COMMON, PUSH_TYPE_FIELDS, call);
  const cents = checkMoney(issues, input);
  checkIds(issues, input, type !== undefined && PAYPAL_VENMO.has(type) ? 254 : 255);
  checkSourceOfFunds(issues, input.sourceOfFunds);
  checkPhone(issues, 'recipientPhone', input.recipientPhone, type === 'CK');
  for (const key of ['storeId', 'clerkId', 'terminalId']) {
    checkText(issues, key, input[key], 255, false);
  }
  checkLedger(issues, input.ledger, call);
  if (type === 'CA') checkSender(issues, input.sender, call);
  if (type === 'AC' || type === 'SD') checkAchDetail(issues, input.additionalDetail, call);
  if (type === 'CK') {
    checkText(issues, 'checkMemoData', input.checkMemoData, 30, false);
    checkText(issues, 'remittanceMemoData', input.remittanceMemoData, 193, false);
  }
  if (issues.length > 0 || cents === undefined) throw new IngoValidationError(issues, call);
  return { input: input as unknown as PushFundsInput, cents };
}

/** Throws {@link IngoValidationError} listing every bad field; returns the input and its cents. */
export function validatePullFunds(input: unknown): Valid<PullFundsInput> {
  const call = 'pullFunds';
  if (!isRecord(input)) {
    throw new IngoValidationError([{ field: '(input)', message: 'must be an object' }], call);
  }
  const issues: ValidationIssue[] = [];
  const type =
    typeof input.accountType === 'string' && PULL_TYPES.has(input.accountType)
      ? input.accountType
      : undefined;
  if (type === undefined) {
    issues.push({
      field: 'accountType',
      message: `${input.accountType === undefined ? 'is required' : 'must be'}: one of ${[...PULL_TYPES].join(', ')} (a pull comes from a card or a bank account)`,
    });
  }
  checkFields(issues, input, type, PULL_COMMON, PULL_TYPE_FIELDS, call);
  const cents = checkMoney(issues, input);
  checkIds(issues, input, 255);
  checkSourceOfFunds(issues, input.sourceOfFunds);
  checkPhone(issues, 'recipientPhone', input.recipientPhone, false);
  checkText(issues, 'riskAssessmentToken', input.riskAssessmentToken, 255, false);
  checkLedger(issues, input.ledger, call);
  if (type === 'AC' || type === 'SD') checkAchDetail(issues, input.additionalDetail, call);
  if (issues.length > 0 || cents === undefined) throw new IngoValidationError(issues, call);
  return { input: input as unknown as PullFundsInput, cents };
}
