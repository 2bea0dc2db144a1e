/**
 * Validates IngoPay push (`POST /gateway/process`, v11 flat body) and pull
 * (`POST /gateway/v12/debit/process`, v12 nested body) requests, with the wire typing of
 * INGOPAY.md §2–§3 and §7: push sends numbers where pull sends strings, and a client that mixes
 * them up is told so. Every problem is collected, so one answer lists them all.
 *
 * Ingo's codes: a required field missing or null → 400; a field present but incorrect (wrong
 * JSON type, bad value, not allowed for the account type, unknown participant) → 401.
 */
import { canonicalJson } from './store.js';

export const PUSH_ACCOUNT_TYPES = ['CA', 'AC', 'SD', 'RT', 'BP', 'PD', 'PU', 'VE', 'CK'] as const;
export type PushAccountType = (typeof PUSH_ACCOUNT_TYPES)[number];
export const PULL_ACCOUNT_TYPES = ['CA', 'AC', 'SD'] as const;
export type IngoPayAccountType = PushAccountType;
export type IngoPayKind = 'push' | 'pull';

export const LEDGER_ENTITY_TYPES = ['program', 'user', 'business'] as const;

export interface IngoPayProblem {
  field: string;
  message: string;
  /** `missing` → status 400, `incorrect` → status 401. */
  kind: 'missing' | 'incorrect';
}

/** What the emulator needs from a valid request, the same for push and pull. */
export interface IngoPayRequest {
  kind: IngoPayKind;
  accountType: IngoPayAccountType;
  /** The amount in cents (integer), so `.70`-style test amounts compare exactly. */
  amountCents: number;
  customerAccountToken: string;
  participantUniqueId1: string;
  participantUniqueId2?: string;
  /** The body timestamp in Unix seconds (integer on push, digit string on pull). */
  timestampSeconds: number;
  /** Canonical JSON of the body without its timestamp: tells a replay from a different request. */
  fingerprint: string;
  /** The same body flattened to `path → JSON value`, for the body-mismatch warning. */
  flat: Record<string, string>;
}

export type IngoPayValidation =
  | { ok: true; value: IngoPayRequest }
  | { ok: false; status: 400 | 401; problems: IngoPayProblem[] };

export interface IngoPayValidationContext {
  /** The sandbox's participant id (digits). */
  participantId: string;
  /** A ledger program requires the `ledger` object; other programs ignore it. */
  ledger: boolean;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}

class Problems {
  readonly list: IngoPayProblem[] = [];

  missing(field: string, message = 'is required'): undefined {
    this.list.push({ field, message, kind: 'missing' });
    return undefined;
  }

  incorrect(field: string, message: string): undefined {
    this.list.push({ field, message, kind: 'incorrect' });
    return undefined;
  }

  /** True when the value is missing or null (recorded as a missing problem when required). */
  private absent(field: string, value: unknown, required: boolean): boolean {
    if (value === undefined || value === null) {
      if (required) this.missing(field, value === null ? 'is required (got null)' : 'is required');
      return true;
    }
    return false;
  }

  string(
    field: string,
    value: unknown,
    rule: { required?: boolean; max: number; pattern?: RegExp; hint?: string; numberHint?: string },
  ): string | undefined {
    if (this.absent(field, value, rule.required === true)) return undefined;
    if (typeof value !== 'string') {
      return this.incorrect(
        field,
        `must be a JSON string${rule.numberHint && typeof value === 'number' ? ` ${rule.numberHint}` : ''}, got ${describe(value)}`,
      );
    }
    if (value === '') {
      return rule.required ? this.missing(field, 'is required (got an empty string)') : undefined;
    }
    if (value.length > rule.max) {
      return this.incorrect(field, `must be at most ${rule.max} characters (got ${value.length})`);
    }
    if (rule.pattern && !rule.pattern.test(value)) {
      return this.incorrect(field, `must be ${rule.hint ?? `like ${rule.pattern}`}`);
    }
    return value;
  }

  integer(
    field: string,
    value: unknown,
    rule: { required?: boolean; min?: number; max?: number; stringHint?: string },
  ): number | undefined {
    if (this.absent(field, value, rule.required === true)) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return this.incorrect(
        field,
        `must be a JSON integer${typeof value === 'string' && rule.stringHint ? ` ${rule.stringHint}` : ''}, got ${describe(value)}`,
      );
    }
    if (
      (rule.min !== undefined && value < rule.min) ||
      (rule.max !== undefined && value > rule.max)
    ) {
      return this.incorrect(field, `must be from ${rule.min} to ${rule.max}, got ${value}`);
    }
    return value;
  }

  object(field: string, value: unknown, required: boolean): Json | undefined {
    if (this.absent(field, value, required)) return undefined;
    if (!isObject(value))
      return this.incorrect(field, `must be a JSON object, got ${describe(value)}`);
    return value;
  }

  unknownKeys(prefix: string, value: Json, known: readonly string[], what: string): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.incorrect(`${prefix}${key}`, `is not ${what}`);
    }
  }

  /** 400 when anything required is missing, otherwise 401. */
  status(): 400 | 401 {
    return this.list.some((p) => p.kind === 'missing') ? 400 : 401;
  }
}

/** Card fields that must be left out when a token is sent (the sandbox always needs a token). */
const RAW_CARD_FIELDS = [
  'account',
  'expiration_date',
  'recipient_first_name',
  'recipient_last_name',
  'recipient_address1',
  'recipient_city',
  'recipient_state',
  'recipient_zip',
];

const PUSH_FIELDS = [
  'participant_id',
  'account_type',
  'amount',
  'customer_account_token',
  'source_of_funds',
  'participant_unique_id1',
  'participant_unique_id2',
  'recipient_phone',
  'timestamp',
  'version',
  'store_id',
  'clerk_id',
  'terminal_id',
  'ledger',
  'sender',
  'additional_detail',
  'check_memo_data',
  'remittance_memo_data',
  'track1',
  'track2',
  'retail_location',
];

const PULL_FIELDS = ['request', 'transaction', 'ledger', 'retail_location', 'sender'];
const PULL_REQUEST_FIELDS = ['participant_id', 'timestamp'];
const PULL_TRANSACTION_FIELDS = [
  'account_type',
  'transaction_amount',
  'participant_unique_ids',
  'customer_account_token',
  'source_of_funds',
  'recipient_phone',
  'risk_assessment_token',
  'additional_detail',
];

const TRACK1 = /^(%B)([0-9]{12,22})([/^])([\s\S]*)([/^])([0-9]{2})([0-9]{2})([0-9]*)([?])$/;
const PHONE = /^\d{10}$/;
const PAYPAL_TYPES: readonly string[] = ['PD', 'PU', 'VE'];

/** `participant_id` must be this sandbox's: anything else is an unknown participant (401). */
function checkParticipant(
  problems: Problems,
  field: string,
  given: string | number,
  ctx: IngoPayValidationContext,
) {
  if (String(given) !== ctx.participantId) {
    problems.incorrect(
      field,
      `is an unknown participant (${given}); this sandbox's participant id is ${ctx.participantId}`,
    );
  }
}

/** ACH descriptor: AC/SD only, `source_name` + `descriptive_purpose` ≤ 21 characters together. */
function checkAdditionalDetail(
  problems: Problems,
  field: string,
  value: unknown,
  accountType: string | undefined,
): void {
  if (value === undefined || value === null) return;
  if (accountType !== undefined && accountType !== 'AC' && accountType !== 'SD') {
    problems.incorrect(
      field,
      accountType === 'RT'
        ? 'must be left out for RT (RTP) payments'
        : `is allowed only for AC and SD (ACH), not ${accountType}`,
    );
    return;
  }
  const detail = problems.object(field, value, false);
  if (!detail) return;
  problems.unknownKeys(
    `${field}.`,
    detail,
    ['source_name', 'descriptive_purpose'],
    'an additional_detail field',
  );
  const name = problems.string(`${field}.source_name`, detail.source_name, { max: 21 }) ?? '';
  const purpose =
    problems.string(`${field}.descriptive_purpose`, detail.descriptive_purpose, { max: 21 }) ?? '';
  if (detail.source_name == null && detail.descriptive_purpose == null) {
    problems.incorrect(field, 'must have source_name, descriptive_purpose or both');
  }
  const total = name.length + purpose.length;
  if (total > 21) {
    problems.incorrect(
      field,
      `source_name and descriptive_purpose must be at most 21 characters together (got ${name.length} + ${purpose.length} = ${total})`,
    );
  }
}

/** The Banking Platform routing object: required (4 strings) for a ledger program, ignored otherwise. */
function checkLedger(problems: Problems, value: unknown, ctx: IngoPayValidationContext): void {
  if (!ctx.ledger) return;
  const ledger = problems.object('ledger', value, true);
  if (!ledger) return;
  problems.unknownKeys(
    'ledger.',
    ledger,
    ['api_key', 'user_id', 'entity_type', 'entity_id'],
    'a ledger field',
  );
  problems.string('ledger.api_key', ledger.api_key, { required: true, max: 255 });
  problems.string('ledger.user_id', ledger.user_id, { required: true, max: 255 });
  problems.string('ledger.entity_id', ledger.entity_id, { required: true, max: 255 });
  const entityType = problems.string('ledger.entity_type', ledger.entity_type, {
    required: true,
    max: 255,
  });
  if (
    entityType !== undefined &&
    !(LEDGER_ENTITY_TYPES as readonly string[]).includes(entityType)
  ) {
    problems.incorrect(
      'ledger.entity_type',
      `must be one of ${LEDGER_ENTITY_TYPES.join(', ')}, got "${entityType}"`,
    );
  }
}

/** Loosely checks an optional object of strings (retail_location, sender sub-objects). */
function checkStringObject(problems: Problems, field: string, value: unknown): void {
  const object = problems.object(field, value, false);
  if (!object) return;
  for (const [key, item] of Object.entries(object)) {
    problems.string(`${field}.${key}`, item, { max: 255 });
  }
}

function checkSender(problems: Problems, value: unknown): void {
  const sender = problems.object('sender', value, false);
  if (!sender) return;
  problems.unknownKeys(
    'sender.',
    sender,
    ['sender_account', 'name_personal', 'contact_address', 'contact_telcom'],
    'a sender field',
  );
  problems.string('sender.sender_account', sender.sender_account, { max: 100 });
  for (const key of ['name_personal', 'contact_address', 'contact_telcom']) {
    checkStringObject(problems, `sender.${key}`, sender[key]);
  }
}

function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value))
      flatten(item, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = canonicalJson(value);
  }
  return out;
}

function withoutTimestamp(body: Json, kind: IngoPayKind): Json {
  if (kind === 'push') {
    const { timestamp: _timestamp, ...rest } = body;
    return rest;
  }
  const request = isObject(body.request) ? body.request : {};
  const { timestamp: _timestamp, ...requestRest } = request;
  return { ...body, request: requestRest };
}

function identity(body: Json, kind: IngoPayKind) {
  const stripped = withoutTimestamp(body, kind);
  return { fingerprint: canonicalJson(stripped), flat: flatten(stripped) };
}

/** The fields every push and pull needs, as the checks above found them. */
interface Essentials {
  accountType: PushAccountType | undefined;
  amountCents: number | undefined;
  token: string | undefined;
  id1: string | undefined;
  id2: string | undefined;
  timestamp: number | undefined;
}

/** Every problem found, or the request the handler acts on. */
function conclude(
  kind: IngoPayKind,
  body: Json,
  p: Problems,
  found: Essentials,
): IngoPayValidation {
  const { accountType, amountCents, token, id1, id2, timestamp } = found;
  if (
    p.list.length > 0 ||
    accountType === undefined ||
    amountCents === undefined ||
    token === undefined ||
    id1 === undefined ||
    timestamp === undefined
  ) {
    return { ok: false, status: p.status(), problems: p.list };
  }
  return {
    ok: true,
    value: {
      kind,
      accountType,
      amountCents,
      customerAccountToken: token,
      participantUniqueId1: id1,
      ...(id2 === undefined ? {} : { participantUniqueId2: id2 }),
      timestampSeconds: timestamp,
      ...identity(body, kind),
    },
  };
}

/** Checks the body as a whole before its fields: empty → 400, not a JSON object → 401. */
export function parseIngoPayBody(
  raw: Buffer,
): { ok: true; body: Json } | { ok: false; status: 400 | 401; problems: IngoPayProblem[] } {
  const text = raw.toString('utf8');
  if (text.trim() === '') {
    return {
      ok: false,
      status: 400,
      problems: [{ field: '(body)', message: 'is empty', kind: 'missing' }],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      status: 401,
      problems: [
        {
          field: '(body)',
          message: `is not valid JSON (${(error as Error).message})`,
          kind: 'incorrect',
        },
      ],
    };
  }
  if (!isObject(parsed)) {
    return {
      ok: false,
      status: 401,
      problems: [
        {
          field: '(body)',
          message: `must be a JSON object, got ${describe(parsed)}`,
          kind: 'incorrect',
        },
      ],
    };
  }
  return { ok: true, body: parsed };
}

/** Push, v11 flat body (INGOPAY §2). */
export function validatePush(body: Json, ctx: IngoPayValidationContext): IngoPayValidation {
  const p = new Problems();
  for (const key of Object.keys(body)) {
    if (RAW_CARD_FIELDS.includes(key)) {
      p.incorrect(
        key,
        'must be left out: the sandbox pays to a customer_account_token, not to raw card fields',
      );
    } else if (!PUSH_FIELDS.includes(key)) {
      p.incorrect(key, 'is not a field of POST /gateway/process');
    }
  }

  const participantId = p.integer('participant_id', body.participant_id, {
    required: true,
    stringHint: '(push sends participant_id as a number, e.g. 12345, not a string)',
  });
  if (participantId !== undefined) checkParticipant(p, 'participant_id', participantId, ctx);

  let accountType: PushAccountType | undefined;
  const rawType = p.string('account_type', body.account_type, { required: true, max: 255 });
  if (rawType !== undefined) {
    if ((PUSH_ACCOUNT_TYPES as readonly string[]).includes(rawType))
      accountType = rawType as PushAccountType;
    else
      p.incorrect(
        'account_type',
        `must be one of ${PUSH_ACCOUNT_TYPES.join(', ')}, got "${rawType}"`,
      );
  }
  const paypal = accountType !== undefined && PAYPAL_TYPES.includes(accountType);
  const idMax = paypal ? 254 : 255;

  let amountCents: number | undefined;
  const amount = body.amount;
  if (amount === undefined || amount === null)
    p.missing('amount', amount === null ? 'is required (got null)' : 'is required');
  else if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    p.incorrect(
      'amount',
      `must be a JSON number in dollars such as 25.5${typeof amount === 'string' ? ' (push sends the amount as a number, not a string)' : ''}, got ${describe(amount)}`,
    );
  } else if (amount < 0.01) {
    p.incorrect('amount', `must be at least 0.01, got ${amount}`);
  } else if (Math.abs(amount * 100 - Math.round(amount * 100)) > 1e-6) {
    p.incorrect('amount', `must have at most 2 decimal places, got ${amount}`);
  } else {
    amountCents = Math.round(amount * 100);
  }

  const token = p.string('customer_account_token', body.customer_account_token, {
    required: true,
    max: idMax,
  });
  p.integer('source_of_funds', body.source_of_funds, {
    required: true,
    min: 1,
    max: 4,
    stringHint: '(1 Cash, 2 Check, 3 Cash and Check, 4 Corporate disbursement, as a number)',
  });
  const id1 = p.string('participant_unique_id1', body.participant_unique_id1, {
    required: true,
    max: idMax,
    numberHint: '(the idempotency key is a string)',
  });
  const id2 = p.string('participant_unique_id2', body.participant_unique_id2, { max: idMax });
  if (accountType === 'CK') p.string('recipient_phone', body.recipient_phone, { max: 25 });
  else {
    p.string('recipient_phone', body.recipient_phone, {
      max: 10,
      pattern: PHONE,
      hint: '10 digits, e.g. "1231231234"',
      numberHint: '(a string of 10 digits)',
    });
  }
  const timestamp = p.integer('timestamp', body.timestamp, {
    required: true,
    stringHint: '(push sends the Unix-seconds timestamp as a number, not a string)',
  });
  const version = body.version;
  if (version === undefined || version === null) p.missing('version', 'is required (11)');
  else if (version !== 11 && version !== '11')
    p.incorrect('version', `must be 11, got ${describe(version)}`);

  for (const key of ['store_id', 'clerk_id', 'terminal_id']) p.string(key, body[key], { max: 255 });

  checkAdditionalDetail(p, 'additional_detail', body.additional_detail, accountType);

  if (accountType !== undefined && accountType !== 'CK') {
    for (const key of ['check_memo_data', 'remittance_memo_data']) {
      if (body[key] != null) p.incorrect(key, `is allowed only for CK (check), not ${accountType}`);
    }
  } else {
    p.string('check_memo_data', body.check_memo_data, { max: 30 });
    p.string('remittance_memo_data', body.remittance_memo_data, { max: 193 });
  }

  const retail = accountType === undefined || accountType === 'CA' || accountType === 'BP';
  if (!retail) {
    for (const key of ['track1', 'track2', 'retail_location']) {
      if (body[key] != null)
        p.incorrect(key, `is allowed only for CA and BP (retail card-present), not ${accountType}`);
    }
  } else {
    p.string('track1', body.track1, {
      max: 255,
      pattern: TRACK1,
      hint: 'URL-encoded track 1 data starting with %B and ending with ?',
    });
    p.string('track2', body.track2, { max: 255 });
    checkStringObject(p, 'retail_location', body.retail_location);
  }
  checkSender(p, body.sender);
  checkLedger(p, body.ledger, ctx);

  return conclude('push', body, p, { accountType, amountCents, token, id1, id2, timestamp });
}

/** Pull, v12 nested body (INGOPAY §3). */
export function validatePull(body: Json, ctx: IngoPayValidationContext): IngoPayValidation {
  const p = new Problems();
  p.unknownKeys('', body, PULL_FIELDS, 'a top-level field of POST /gateway/v12/debit/process');

  const request = p.object('request', body.request, true);
  let timestamp: number | undefined;
  if (request) {
    p.unknownKeys('request.', request, PULL_REQUEST_FIELDS, 'a field of request');
    const participantId = p.string('request.participant_id', request.participant_id, {
      required: true,
      max: 18,
      pattern: /^\d+$/,
      hint: 'digits, e.g. "12345"',
      numberHint: '(pull sends participant_id as a string such as "12345", not a number)',
    });
    if (participantId !== undefined)
      checkParticipant(p, 'request.participant_id', participantId, ctx);
    const ts = p.string('request.timestamp', request.timestamp, {
      required: true,
      max: 32,
      pattern: /^\d+$/,
      hint: 'Unix seconds as a digit string, e.g. "1547143063"',
      numberHint: '(pull sends the timestamp as a string such as "1547143063", not a number)',
    });
    if (ts !== undefined) timestamp = Number(ts);
  }

  const transaction = p.object('transaction', body.transaction, true);
  let accountType: (typeof PULL_ACCOUNT_TYPES)[number] | undefined;
  let amountCents: number | undefined;
  let token: string | undefined;
  let id1: string | undefined;
  let id2: string | undefined;
  if (transaction) {
    const t = 'transaction.';
    for (const key of Object.keys(transaction)) {
      if (key === 'transaction_wire_additional') {
        p.incorrect(
          `${t}${key}`,
          'is for wire drawdown, which Ingo has not released ("Coming Soon")',
        );
      } else if (!PULL_TRANSACTION_FIELDS.includes(key)) {
        p.incorrect(`${t}${key}`, 'is not a field of transaction');
      }
    }
    const rawType = p.string(`${t}account_type`, transaction.account_type, {
      required: true,
      max: 255,
    });
    if (rawType !== undefined) {
      if ((PULL_ACCOUNT_TYPES as readonly string[]).includes(rawType)) {
        accountType = rawType as (typeof PULL_ACCOUNT_TYPES)[number];
      } else {
        p.incorrect(
          `${t}account_type`,
          `must be one of ${PULL_ACCOUNT_TYPES.join(', ')} (card debit, ACH, same-day ACH), got "${rawType}"`,
        );
      }
    }
    const money = p.object(`${t}transaction_amount`, transaction.transaction_amount, true);
    if (money) {
      p.unknownKeys(
        `${t}transaction_amount.`,
        money,
        ['currency_code', 'amount'],
        'a transaction_amount field',
      );
      p.string(`${t}transaction_amount.currency_code`, money.currency_code, {
        required: true,
        max: 3,
        pattern: /^USD$/,
        hint: '"USD" (the only currency)',
      });
      const amount = p.string(`${t}transaction_amount.amount`, money.amount, {
        required: true,
        max: 40,
        pattern: /^(0|[1-9]\d*)\.\d{2}$/,
        hint: 'a decimal string with exactly 2 decimals, e.g. "101.96"',
        numberHint: '(pull sends the amount as a string such as "101.96", not a number)',
      });
      if (amount !== undefined) {
        const cents = Math.round(Number(amount) * 100);
        if (cents < 1)
          p.incorrect(`${t}transaction_amount.amount`, `must be at least "0.01", got "${amount}"`);
        else amountCents = cents;
      }
    }
    const ids = p.object(`${t}participant_unique_ids`, transaction.participant_unique_ids, true);
    if (ids) {
      p.unknownKeys(
        `${t}participant_unique_ids.`,
        ids,
        ['participant_unique_id1', 'participant_unique_id2'],
        'a participant_unique_ids field',
      );
      id1 = p.string(
        `${t}participant_unique_ids.participant_unique_id1`,
        ids.participant_unique_id1,
        {
          required: true,
          max: 255,
          numberHint: '(the idempotency key is a string)',
        },
      );
      id2 = p.string(
        `${t}participant_unique_ids.participant_unique_id2`,
        ids.participant_unique_id2,
        {
          max: 255,
        },
      );
    }
    token = p.string(`${t}customer_account_token`, transaction.customer_account_token, {
      required: true,
      max: 255,
    });
    p.integer(`${t}source_of_funds`, transaction.source_of_funds, {
      required: true,
      min: 1,
      max: 4,
      stringHint: "(a number, e.g. 4, as in Ingo's example)",
    });
    p.string(`${t}recipient_phone`, transaction.recipient_phone, {
      max: 10,
      pattern: PHONE,
      hint: '10 digits, e.g. "5555550100"',
      numberHint: '(a string of 10 digits)',
    });
    p.string(`${t}risk_assessment_token`, transaction.risk_assessment_token, { max: 255 });
    checkAdditionalDetail(p, `${t}additional_detail`, transaction.additional_detail, accountType);
  }
  checkStringObject(p, 'retail_location', body.retail_location);
  checkSender(p, body.sender);
  checkLedger(p, body.ledger, ctx);

  return conclude('pull', body, p, { accountType, amountCents, token, id1, id2, timestamp });
}

/** The pull error/success `request` echo: the two ids as strings (what the client sent). */
export function pullRequestEcho(body: unknown): { participant_id?: string; timestamp?: string } {
  const request = isObject(body) && isObject(body.request) ? body.request : {};
  const echo: { participant_id?: string; timestamp?: string } = {};
  for (const key of ['participant_id', 'timestamp'] as const) {
    const value = request[key];
    if (typeof value === 'string' || typeof value === 'number') echo[key] = String(value);
  }
  return echo;
}
