/**
 * Validates IngoPay push (`POST /gateway/process`, v11 flat body) and pull
 * (`POST /gateway/v12/debit/process`, v12 nested body) requests, with the wire typing of
 * INGOPAY.md §2–§3 and §7: push sends numbers where pull sends strings, and a client that mixes
 * them up is told so. Every problem is collected, so one answer lists them all.
 *
 * Ingo's codes: a required field missing or null → 400; a field present but incorrect (wrong
 * JSON type, bad value, not allowed for the account type, unknown participant) → 401.
 */
import {
  conclude,
  describeValue,
  type IngoPayValidation,
  type IngoPayValidationContext,
  type Json,
  Problems,
  PUSH_ACCOUNT_TYPES,
  type PushAccountType,
} from './ingopay-problems.js';
import {
  checkAdditionalDetail,
  checkLedger,
  checkParticipant,
  checkSender,
  checkStringObject,
  PAYPAL_TYPES,
  PHONE,
  PUSH_FIELDS,
  RAW_CARD_FIELDS,
  TRACK1,
} from './ingopay-rules.js';

export type {
  IngoPayAccountType,
  IngoPayKind,
  IngoPayProblem,
  IngoPayRequest,
  IngoPayValidation,
  IngoPayValidationContext,
  PushAccountType,
} from './ingopay-problems.js';
export { LEDGER_ENTITY_TYPES, PULL_ACCOUNT_TYPES, PUSH_ACCOUNT_TYPES } from './ingopay-problems.js';
export { pullRequestEcho, validatePull } from './ingopay-pull.js';
export { parseIngoPayBody } from './ingopay-rules.js';

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
      `must be a JSON number in dollars such as 25.5${typeof amount === 'string' ? ' (push sends the amount as a number, not a string)' : ''}, got ${describeValue(amount)}`,
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
    p.incorrect('version', `must be 11, got ${describeValue(version)}`);

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
