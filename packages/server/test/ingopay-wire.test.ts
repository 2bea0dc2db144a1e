/**
 * What pushFunds and pullFunds put on the wire: the exact JSON text per account type (Ingo types
 * push and pull differently), exact amount literals, and validation that reports every bad field.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IngoValidationError, type PullFundsInput, type PushFundsInput } from '../src/index.js';
import { fakeFetch } from './helpers.js';
import { PULL, PUSH, payClient, pullAnswer, pushAnswer } from './ingopay-helpers.js';

// 1576100703 = Wed, 11 Dec 2019 21:45:03 GMT, the timestamp of Ingo's examples.
const NOW = 1576100703_000;

beforeEach(() => {
  // Only Date: real timers keep the retry sleeps working.
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
});

async function pushText(input: unknown): Promise<string> {
  const fetch = fakeFetch({ status: 200, body: pushAnswer() });
  await payClient(fetch).pushFunds(input as PushFundsInput);
  expect(fetch.calls).toHaveLength(1);
  return fetch.calls[0]?.body.toString('utf8') ?? '';
}

async function pullText(input: unknown): Promise<string> {
  const fetch = fakeFetch({ status: 200, body: pullAnswer() });
  await payClient(fetch).pullFunds(input as PullFundsInput);
  expect(fetch.calls).toHaveLength(1);
  return fetch.calls[0]?.body.toString('utf8') ?? '';
}

async function pushIssues(input: unknown): Promise<IngoValidationError> {
  const fetch = fakeFetch({ status: 200, body: pushAnswer() });
  const error = await payClient(fetch)
    .pushFunds(input as PushFundsInput)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IngoValidationError);
  expect(fetch.calls).toHaveLength(0);
  return error as IngoValidationError;
}

async function pullIssues(input: unknown): Promise<IngoValidationError> {
  const fetch = fakeFetch({ status: 200, body: pullAnswer() });
  const error = await payClient(fetch)
    .pullFunds(input as PullFundsInput)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IngoValidationError);
  expect(fetch.calls).toHaveLength(0);
  return error as IngoValidationError;
}

const fieldsOf = (error: IngoValidationError) => error.issues.map((issue) => issue.field).sort();

const TOKEN = '89421718-a62e-4344-8a1d-4baf73fb11f1';
const TAIL = '"timestamp":1576100703,"version":11}';

describe('pushFunds: the v11 flat body, per account type (exact JSON text)', () => {
  it('CA: the minimal card push', async () => {
    expect(await pushText(PUSH)).toBe(
      `{"participant_id":12345,"account_type":"CA","amount":25.00,"customer_account_token":"${TOKEN}",` +
        `"source_of_funds":4,"participant_unique_id1":"payout-1",${TAIL}`,
    );
  });

  it('CA: with sender details, nested the way Ingo names them', async () => {
    const text = await pushText({
      ...PUSH,
      sender: {
        senderAccount: 'acct-9',
        firstName: 'Sam',
        lastName: 'Sender',
        address1: '1 Main St',
        city: 'Atlanta',
        state: 'GA',
        zip: '30301',
        email: 'sam@example.com',
        phoneMobile: '4045551234',
      },
    });
    expect(text).toBe(
      `{"participant_id":12345,"account_type":"CA","amount":25.00,"customer_account_token":"${TOKEN}",` +
        '"source_of_funds":4,"participant_unique_id1":"payout-1","sender":{"sender_account":"acct-9",' +
        '"name_personal":{"first_name":"Sam","last_name":"Sender"},"contact_address":{"address1":"1 Main St",' +
        '"city":"Atlanta","state":"GA","zip":"30301"},"contact_telcom":{"email":"sam@example.com",' +
        `"phone_mobile":"4045551234"}},${TAIL}`,
    );
  });

  it("AC: Ingo's own example, amount 1010.5 written as 1010.50", async () => {
    const text = await pushText({
      accountType: 'AC',
      amount: '1010.5',
      customerAccountToken: TOKEN,
      sourceOfFunds: 4,
      recipientPhone: '1231231234',
      participantUniqueId1: '5bf1e2c3-2169-406f-bf1b-f7bc5c2303b3',
      participantUniqueId2: '80525360-dae4-4d0f-9f5c-e09f3fdcf7c8',
      additionalDetail: { sourceName: 'CorpDisb', descriptivePurpose: 'Reimbursement' },
    });
    expect(text).toBe(
      `{"participant_id":12345,"account_type":"AC","amount":1010.50,"customer_account_token":"${TOKEN}",` +
        '"source_of_funds":4,"recipient_phone":"1231231234",' +
        '"participant_unique_id1":"5bf1e2c3-2169-406f-bf1b-f7bc5c2303b3",' +
        '"participant_unique_id2":"80525360-dae4-4d0f-9f5c-e09f3fdcf7c8",' +
        `"additional_detail":{"source_name":"CorpDisb","descriptive_purpose":"Reimbursement"},${TAIL}`,
    );
    const parsed = JSON.parse(text);
    expect(typeof parsed.participant_id).toBe('number');
    expect(typeof parsed.amount).toBe('number');
    expect(typeof parsed.timestamp).toBe('number');
    expect(parsed.version).toBe(11);
  });

  it('SD: same-day ACH with only one descriptor part', async () => {
    expect(
      await pushText({
        ...PUSH,
        accountType: 'SD',
        amountCents: 2500,
        amount: undefined,
        additionalDetail: { sourceName: 'Acme' },
      }),
    ).toBe(
      `{"participant_id":12345,"account_type":"SD","amount":25.00,"customer_account_token":"${TOKEN}",` +
        `"source_of_funds":4,"participant_unique_id1":"payout-1","additional_detail":{"source_name":"Acme"},${TAIL}`,
    );
  });

  it('RT, BP, PD, PU, VE: the common fields only', async () => {
    for (const accountType of ['RT', 'BP', 'PD', 'PU', 'VE'] as const) {
      expect(await pushText({ ...PUSH, accountType, sourceOfFunds: 1 })).toBe(
        `{"participant_id":12345,"account_type":"${accountType}","amount":25.00,` +
          `"customer_account_token":"${TOKEN}","source_of_funds":1,"participant_unique_id1":"payout-1",${TAIL}`,
      );
    }
  });

  it('CK: memo fields, a long phone, retail ids and a ledger', async () => {
    const text = await pushText({
      ...PUSH,
      accountType: 'CK',
      recipientPhone: '+1 (404) 555-1234 x12',
      checkMemoData: 'Refund #42',
      remittanceMemoData: 'Thank you',
      storeId: 's1',
      clerkId: 'c1',
      terminalId: 't1',
      ledger: {
        apiKey: 'lk_live_abc123xyz',
        userId: 'usr_00456',
        entityType: 'program',
        entityId: 'ent_00789',
      },
    });
    expect(text).toBe(
      `{"participant_id":12345,"account_type":"CK","amount":25.00,"customer_account_token":"${TOKEN}",` +
        '"source_of_funds":4,"recipient_phone":"+1 (404) 555-1234 x12","participant_unique_id1":"payout-1",' +
        '"check_memo_data":"Refund #42","remittance_memo_data":"Thank you","store_id":"s1","clerk_id":"c1",' +
        '"terminal_id":"t1","ledger":{"api_key":"lk_live_abc123xyz","user_id":"usr_00456",' +
        `"entity_type":"program","entity_id":"ent_00789"},${TAIL}`,
    );
  });

  it('leaves ledger and every absent optional field out entirely (never null or {})', async () => {
    const text = await pushText({ ...PUSH, participantUniqueId2: undefined, ledger: undefined });
    expect(text).not.toMatch(/ledger|null|\{\}|participant_unique_id2/);
  });
});

describe('pullFunds: the v12 nested body (exact JSON text)', () => {
  it('CA: participant id, timestamp and amount are strings; source_of_funds a number', async () => {
    const text = await pullText(PULL);
    expect(text).toBe(
      '{"request":{"participant_id":"12345","timestamp":"1576100703"},"transaction":{"account_type":"CA",' +
        '"transaction_amount":{"currency_code":"USD","amount":"25.00"},' +
        '"participant_unique_ids":{"participant_unique_id1":"collect-1"},' +
        '"customer_account_token":"4153e416-d81d-4420-a494-9feceed4eef3","source_of_funds":4}}',
    );
  });

  it("AC: Ingo's example, with the ledger at the top level", async () => {
    const text = await pullText({
      accountType: 'AC',
      amount: '101.96',
      participantUniqueId1: 'eba1fff2-b74b-401f-957e-cc8a16c49408',
      participantUniqueId2: 'cd5f2b0c-69be-458d-a3a5-5f96cf5171df',
      customerAccountToken: '4153e416-d81d-4420-a494-9feceed4eef3',
      sourceOfFunds: 4,
      recipientPhone: '5555550100',
      riskAssessmentToken: '36f6b449-fa29-4f9e-919f-ad1e6433f1d5',
      additionalDetail: { sourceName: 'CorpDisb', descriptivePurpose: 'Reimbursement' },
      ledger: { apiKey: 'k', userId: 'u', entityType: 'business', entityId: 'e' },
    });
    expect(text).toBe(
      '{"request":{"participant_id":"12345","timestamp":"1576100703"},"transaction":{"account_type":"AC",' +
        '"transaction_amount":{"currency_code":"USD","amount":"101.96"},' +
        '"participant_unique_ids":{"participant_unique_id1":"eba1fff2-b74b-401f-957e-cc8a16c49408",' +
        '"participant_unique_id2":"cd5f2b0c-69be-458d-a3a5-5f96cf5171df"},' +
        '"customer_account_token":"4153e416-d81d-4420-a494-9feceed4eef3","source_of_funds":4,' +
        '"recipient_phone":"5555550100","risk_assessment_token":"36f6b449-fa29-4f9e-919f-ad1e6433f1d5",' +
        '"additional_detail":{"source_name":"CorpDisb","descriptive_purpose":"Reimbursement"}},' +
        '"ledger":{"api_key":"k","user_id":"u","entity_type":"business","entity_id":"e"}}',
    );
  });

  it('SD: same-day ACH debit, no ledger key without a ledger', async () => {
    const text = await pullText({ ...PULL, accountType: 'SD', amountCents: 1, amount: undefined });
    expect(JSON.parse(text)).toEqual({
      request: { participant_id: '12345', timestamp: '1576100703' },
      transaction: {
        account_type: 'SD',
        transaction_amount: { currency_code: 'USD', amount: '0.01' },
        participant_unique_ids: { participant_unique_id1: 'collect-1' },
        customer_account_token: PULL.customerAccountToken,
        source_of_funds: 4,
      },
    });
    expect(text).not.toContain('ledger');
  });
});

describe('money: exact amounts, never through a binary float', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['ten cents', { amount: '0.10' }, '0.10'],
    ['one decimal', { amount: '1010.5' }, '1010.50'],
    ['whole dollars', { amount: '7' }, '7.00'],
    ['leading zeros', { amount: '007.5' }, '7.50'],
    ['0.1 + 0.2 territory', { amount: '0.30' }, '0.30'],
    ['amountCents 2500', { amountCents: 2500 }, '25.00'],
    ['one cent', { amountCents: 1 }, '0.01'],
    ['99 cents', { amountCents: 99 }, '0.99'],
    ['a large decimal', { amount: '12345678901234.56' }, '12345678901234.56'],
    ['the largest safe integer of cents', { amountCents: 9007199254740991 }, '90071992547409.91'],
    ['the same as a string', { amount: '90071992547409.91' }, '90071992547409.91'],
  ];
  for (const [name, money, literal] of cases) {
    it(`${name}: push ${literal}, pull "${literal}"`, async () => {
      const push = await pushText({ ...PUSH, amount: undefined, ...money });
      expect(push).toContain(`"amount":${literal},`);
      const pull = await pullText({ ...PULL, amount: undefined, ...money });
      expect(pull).toContain(`"amount":"${literal}"`);
    });
  }

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ['a number', { amount: 25 }, 'amount', /decimal string.*not number/],
    ['three decimals', { amount: '25.001' }, 'amount', /more than 2 decimal places/],
    ['a sign', { amount: '-1.00' }, 'amount', /no sign/],
    ['an exponent', { amount: '1e3' }, 'amount', /exponent/],
    ['spaces', { amount: ' 25.00' }, 'amount', /spaces/],
    ['a thousands separator', { amount: '1,000.00' }, 'amount', /thousands separator/],
    ['a trailing dot', { amount: '5.' }, 'amount', /at most 2 decimal places/],
    ['zero', { amount: '0.00' }, 'amount', /at least one cent/],
    ['both', { amount: '1.00', amountCents: 100 }, 'amount', /not both/],
    ['neither', {}, 'amount', /is required/],
    ['zero cents', { amountCents: 0 }, 'amountCents', /at least one cent/],
    ['negative cents', { amountCents: -5 }, 'amountCents', /at least one cent/],
    ['NaN cents', { amountCents: Number.NaN }, 'amountCents', /not NaN/],
    ['fractional cents', { amountCents: 25.5 }, 'amountCents', /whole number of cents/],
    ['cents as a string', { amountCents: '2500' }, 'amountCents', /integer number of cents/],
    ['unsafe cents', { amountCents: 2 ** 53 }, 'amountCents', /too large/],
    ['too many digits', { amount: '900719925474099.12' }, 'amount', /too large/],
  ];
  for (const [name, money, field, message] of bad) {
    it(`rejects ${name}`, async () => {
      for (const issues of [
        await pushIssues({ ...PUSH, amount: undefined, ...money }),
        await pullIssues({ ...PULL, amount: undefined, ...money }),
      ]) {
        expect(issues.issues).toHaveLength(1);
        expect(issues.issues[0]?.field).toBe(field);
        expect(issues.issues[0]?.message).toMatch(message);
      }
    });
  }
});

describe('pushFunds: validation reports every bad field at once, and sends nothing', () => {
  it('an ACH push with many mistakes', async () => {
    const error = await pushIssues({
      accountType: 'AC',
      amount: '25.001',
      customerAccountToken: '',
      participantUniqueId2: 'x'.repeat(256),
      sourceOfFunds: 5,
      recipientPhone: '(404) 555-1234',
      storeId: 's'.repeat(256),
      additionalDetail: { sourceName: 'CorpDisbX', descriptivePurpose: 'Reimbursement' },
      ledger: { apiKey: 'k', userId: 'u', entityType: 'person' },
      checkMemoData: 'memo',
      nickname: 'JD',
    });
    expect(fieldsOf(error)).toEqual(
      [
        'additionalDetail',
        'amount',
        'checkMemoData',
        'customerAccountToken',
        'ledger.entityId',
        'ledger.entityType',
        'nickname',
        'participantUniqueId1',
        'participantUniqueId2',
        'recipientPhone',
        'sourceOfFunds',
        'storeId',
      ].sort(),
    );
    expect(error.message).toMatch(/^pushFunds input is invalid \(12 problems\): /);
    const byField = new Map(error.issues.map((issue) => [issue.field, issue.message]));
    expect(byField.get('additionalDetail')).toMatch(
      /together must be at most 21 characters \(got 22\)/,
    );
    expect(byField.get('checkMemoData')).toMatch(/only accepted for accountType CK/);
    expect(byField.get('nickname')).toMatch(/not a field pushFunds accepts/);
    expect(byField.get('participantUniqueId1')).toBe('is required');
    expect(byField.get('recipientPhone')).toMatch(/exactly 10 digits/);
  });

  it('accepts an ACH descriptor of exactly 21 characters', async () => {
    await pushText({
      ...PUSH,
      accountType: 'AC',
      additionalDetail: { sourceName: 'CorpDisb', descriptivePurpose: 'Reimbursement' },
    });
  });

  it('refuses additionalDetail on RT, even past the types', async () => {
    const error = await pushIssues({
      ...PUSH,
      accountType: 'RT',
      additionalDetail: { sourceName: 'A' },
    });
    expect(error.issues).toEqual([
      {
        field: 'additionalDetail',
        message:
          'is not allowed for accountType RT: Ingo rejects additional_detail on RTP; remove it',
      },
    ]);
  });

  it('refuses fields of other account types, and an empty descriptor or sender', async () => {
    const card = await pushIssues({ ...PUSH, additionalDetail: { sourceName: 'A' } });
    expect(card.issues[0]?.message).toBe('is only accepted for accountType AC or SD; remove it');
    const ach = await pushIssues({ ...PUSH, accountType: 'AC', additionalDetail: {} });
    expect(ach.issues[0]?.message).toMatch(/give sourceName and\/or descriptivePurpose/);
    const sender = await pushIssues({ ...PUSH, sender: {} });
    expect(sender.issues[0]?.message).toMatch(/omit sender/);
  });

  it('applies the per-type length caps', async () => {
    const paypal = await pushIssues({
      ...PUSH,
      accountType: 'VE',
      customerAccountToken: 't'.repeat(255),
      participantUniqueId1: 'p'.repeat(255),
    });
    expect(fieldsOf(paypal)).toEqual(['customerAccountToken', 'participantUniqueId1']);
    expect(paypal.issues[0]?.message).toMatch(/at most 254 characters/);
    // 255 is fine for a card push.
    await pushText({ ...PUSH, customerAccountToken: 't'.repeat(255) });

    const check = await pushIssues({
      ...PUSH,
      accountType: 'CK',
      checkMemoData: 'm'.repeat(31),
      remittanceMemoData: 'r'.repeat(194),
      recipientPhone: '1'.repeat(26),
    });
    expect(fieldsOf(check)).toEqual(['checkMemoData', 'recipientPhone', 'remittanceMemoData']);
    await pushText({
      ...PUSH,
      accountType: 'CK',
      checkMemoData: 'm'.repeat(30),
      remittanceMemoData: 'r'.repeat(193),
      recipientPhone: '1'.repeat(25),
    });
  });

  it('checks sender details like recipient details', async () => {
    const error = await pushIssues({
      ...PUSH,
      sender: { state: 'Georgia', zip: '3030', email: 'x', phoneHome: '123', nick: 'n' },
    });
    expect(fieldsOf(error)).toEqual([
      'sender.email',
      'sender.nick',
      'sender.phoneHome',
      'sender.state',
      'sender.zip',
    ]);
  });

  it('requires a known accountType and an object', async () => {
    const error = await pushIssues({ ...PUSH, accountType: 'WT' });
    expect(error.issues).toEqual([
      { field: 'accountType', message: 'must be: one of CA, AC, SD, RT, BP, PD, PU, VE, CK' },
    ]);
    const none = await pushIssues(null);
    expect(none.message).toBe('pushFunds input is invalid (1 problem): (input): must be an object');
  });

  it('keeps the Session Create wording for Session Create', () => {
    expect(new IngoValidationError([{ field: 'f', message: 'm' }]).message).toBe(
      'Session Create input is invalid (1 problem): f: m',
    );
  });
});

describe('pullFunds: validation', () => {
  it('reports every bad field at once', async () => {
    const error = await pullIssues({
      accountType: 'CA',
      amountCents: 0,
      customerAccountToken: 'tok',
      participantUniqueId1: 'c-1',
      sourceOfFunds: '4',
      recipientPhone: '555055010',
      riskAssessmentToken: '',
      additionalDetail: { sourceName: 'A' },
      storeId: 's1',
      ledger: null,
    });
    expect(fieldsOf(error)).toEqual(
      [
        'additionalDetail',
        'amountCents',
        'ledger',
        'recipientPhone',
        'riskAssessmentToken',
        'sourceOfFunds',
        'storeId',
      ].sort(),
    );
    expect(error.message).toMatch(/^pullFunds input is invalid \(7 problems\)/);
  });

  it('pulls only from cards and bank accounts', async () => {
    for (const accountType of ['RT', 'BP', 'CK', 'VE']) {
      const error = await pullIssues({ ...PULL, accountType });
      expect(error.issues[0]?.field).toBe('accountType');
    }
  });

  it('applies the 21-character descriptor rule to ACH debits', async () => {
    const error = await pullIssues({
      ...PULL,
      accountType: 'AC',
      additionalDetail: { sourceName: 'CorpDisbX', descriptivePurpose: 'Reimbursement' },
    });
    expect(error.issues[0]?.message).toMatch(/at most 21 characters \(got 22\)/);
  });
});
