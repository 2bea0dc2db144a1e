/**
 * IngoPay field rules shared by push and pull: the known fields, the participant, the ACH
 * descriptor, the ledger object, sender and retail objects, and the body as a whole.
 */
import {
  describeValue,
  type IngoPayProblem,
  type IngoPayValidationContext,
  isObject,
  type Json,
  LEDGER_ENTITY_TYPES,
  type Problems,
} from './ingopay-problems.js';

/** Card fields that must be left out when a token is sent (the sandbox always needs a token). */
export const RAW_CARD_FIELDS = [
  'account',
  'expiration_date',
  'recipient_first_name',
  'recipient_last_name',
  'recipient_address1',
  'recipient_city',
  'recipient_state',
  'recipient_zip',
];

export const PUSH_FIELDS = [
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

export const PULL_FIELDS = ['request', 'transaction', 'ledger', 'retail_location', 'sender'];
export const PULL_REQUEST_FIELDS = ['participant_id', 'timestamp'];
export const PULL_TRANSACTION_FIELDS = [
  'account_type',
  'transaction_amount',
  'participant_unique_ids',
  'customer_account_token',
  'source_of_funds',
  'recipient_phone',
  'risk_assessment_token',
  'additional_detail',
];

export const TRACK1 = /^(%B)([0-9]{12,22})([/^])([\s\S]*)([/^])([0-9]{2})([0-9]{2})([0-9]*)([?])$/;
export const PHONE = /^\d{10}$/;
export const PAYPAL_TYPES: readonly string[] = ['PD', 'PU', 'VE'];

/** `participant_id` must be this sandbox's: anything else is an unknown participant (401). */
export function checkParticipant(
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
export function checkAdditionalDetail(
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
export function checkLedger(
  problems: Problems,
  value: unknown,
  ctx: IngoPayValidationContext,
): void {
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
export function checkStringObject(problems: Problems, field: string, value: unknown): void {
  const object = problems.object(field, value, false);
  if (!object) return;
  for (const [key, item] of Object.entries(object)) {
    problems.string(`${field}.${key}`, item, { max: 255 });
  }
}

export function checkSender(problems: Problems, value: unknown): void {
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
          message: `must be a JSON object, got ${describeValue(parsed)}`,
          kind: 'incorrect',
        },
      ],
    };
  }
  return { ok: true, body: parsed };
}
