/**
 * IngoPay pull (`POST /gateway/v12/debit/process`, v12 nested body): strings where push sends
 * numbers (INGOPAY.md §3, §7), and the `request` echo of its answers.
 */
import {
  conclude,
  type IngoPayValidation,
  type IngoPayValidationContext,
  isObject,
  type Json,
  Problems,
  PULL_ACCOUNT_TYPES,
} from './ingopay-problems.js';
import {
  checkAdditionalDetail,
  checkLedger,
  checkParticipant,
  checkSender,
  checkStringObject,
  PHONE,
  PULL_FIELDS,
  PULL_REQUEST_FIELDS,
  PULL_TRANSACTION_FIELDS,
} from './ingopay-rules.js';

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
