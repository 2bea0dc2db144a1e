/**
 * IngoPay push (POST /gateway/process) and pull (POST /gateway/v12/debit/process): wire typing,
 * codes, idempotency, test amounts, faults, tokens and the control endpoints.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
  vi,
} from 'vitest';
import { PULL_PATH, PUSH_PATH } from '../src/ingopay.js';
import { PAGE_TOKEN_HEADER } from '../src/protocol.js';
import { type RunningSandbox, startSandbox } from '../src/server.js';
import {
  bootstrapOf,
  createSession,
  ingoPayRequest,
  manualClock,
  mintToken,
  mountUrl,
  pullBody,
  pushBody,
  type RawResponse,
  rawRequest,
} from './helpers.js';

const FAILURE = 'Transaction Failure - Contact Ingo Payments Client Services at 877-739-2926';
/** Friday 2026-03-06, 10:00 in New York: the next business day is Monday 03/09/2026. */
const clock = manualClock(Date.parse('2026-03-06T15:00:00Z'));
const SLOW_MS = 400;
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: clock.now, ingoPaySlowMs: SLOW_MS });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await rawRequest(sandbox.url, 'POST', '/__sandbox/reset', {});
});

const now = () => clock.now();
const push = (body: unknown, options = {}, url = sandbox.url) =>
  ingoPayRequest(url, PUSH_PATH, body, { now: now(), ...options });
const pull = (body: unknown, options = {}, url = sandbox.url) =>
  ingoPayRequest(url, PULL_PATH, body, { now: now(), ...options });

async function transactions(url = sandbox.url) {
  return (await rawRequest(url, 'GET', '/__sandbox/transactions', {})).json().transactions;
}

function logOf(transaction: { log: { what: string }[] }) {
  return transaction.log.map((entry) => entry.what);
}

function addFault(fault: unknown) {
  return rawRequest(
    sandbox.url,
    'POST',
    '/__sandbox/faults',
    { 'content-type': 'application/json' },
    JSON.stringify(fault),
  );
}

/** A business outcome: HTTP 200, JSON, and the code in the body. */
function pushCode(res: RawResponse): number {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.json().status;
}

function pullCode(res: RawResponse): string {
  expect(res.status).toBe(200);
  return res.json().response.status;
}

describe('push: POST /gateway/process', () => {
  it('succeeds with the documented typing: numeric status and transaction_id, string time', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    const res = await push(pushBody(token, now()));
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      status: 100,
      client_message: 'Success',
      data: {
        estimated_posting_time: 'Payment will post within 5 minutes.',
        estimated_posting_date: '03/06/2026',
        transaction_id: 2361537,
        request_timestamp: Math.floor(now() / 1000),
        customer_account_token: token,
        participant_unique_id1: 'push-1',
        participant_unique_id2: 'order-1',
      },
      time: expect.stringMatching(/^\d+\.\d{4}$/),
    });
    const second = await push(pushBody(token, now(), { participant_unique_id1: 'push-2' }));
    expect(second.json().data.transaction_id).toBe(2361538);
    const [first] = await transactions();
    expect(first).toEqual({
      transaction_id: 2361537,
      kind: 'push',
      state: 'completed',
      status: 100,
      participant_id: '12345',
      participant_unique_id1: 'push-1',
      participant_unique_id2: 'order-1',
      account_type: 'CA',
      amount: '25.00',
      customer_account_token: token,
      created_at: new Date(now()).toISOString(),
      log: [
        expect.objectContaining({ what: 'received', account_type: 'CA', amount: '25.00' }),
        expect.objectContaining({ what: 'committed', state: 'completed', status: 100 }),
      ],
    });
  });

  it('accepts version "11" as a string and the header order of the Session Create docs', async () => {
    const token = await mintToken(sandbox.url, 'credit');
    const res = await push(pushBody(token, now(), { version: '11' }), {
      signedHeaders: 'request-line x-date content-type content-length content-sha512',
    });
    expect(pushCode(res)).toBe(100);
  });

  it('estimates posting per rail; CK adds a check_number', async () => {
    const ach = await mintToken(sandbox.url, 'ach');
    const cases: [string, string, string, string][] = [
      ['AC', ach, 'Payment will post 03/09/2026', '03/09/2026'],
      ['SD', ach, 'Payment will post 03/06/2026', '03/06/2026'],
      ['RT', ach, 'Payment will post within 5 minutes.', '03/06/2026'],
      ['BP', await mintToken(sandbox.url, 'billpay'), 'Payment will post 03/09/2026', '03/09/2026'],
      [
        'PD',
        await mintToken(sandbox.url, 'paypal'),
        'Payment will post within 5 minutes.',
        '03/06/2026',
      ],
      [
        'VE',
        await mintToken(sandbox.url, 'paypal'),
        'Payment will post within 5 minutes.',
        '03/06/2026',
      ],
      ['CK', await mintToken(sandbox.url, 'check'), 'Payment will post 7-10 Days', '03/13/2026'],
    ];
    for (const [accountType, token, text, date] of cases) {
      const res = await push(
        pushBody(token, now(), {
          account_type: accountType,
          participant_unique_id1: `rail-${accountType}`,
        }),
      );
      expect(pushCode(res), accountType).toBe(100);
      const data = res.json().data;
      expect(data.estimated_posting_time, accountType).toBe(text);
      expect(data.estimated_posting_date, accountType).toBe(date);
      expect('check_number' in data, accountType).toBe(accountType === 'CK');
    }
    const check = (await transactions()).find(
      (t: { account_type: string }) => t.account_type === 'CK',
    );
    expect(check).toBeDefined();
  });
});

describe('pull: POST /gateway/v12/debit/process', () => {
  it('succeeds with the documented typing: string status, duration and transaction_id', async () => {
    const token = await mintToken(sandbox.url, 'ach');
    const body = pullBody(token, now());
    const res = await pull(body);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      request: { participant_id: '12345', timestamp: body.request.timestamp },
      response: {
        status: '100',
        message: 'Success',
        duration: expect.stringMatching(/^\d+\.\d{4}$/),
      },
      transaction: {
        estimated_posting_date: '03/09/2026',
        estimated_posting_time: 'Payment will post 03/09/2026',
        transaction_id: '1237775',
        customer_account_token: token,
        participant_unique_ids: {
          participant_unique_id1: 'pull-1',
          participant_unique_id2: 'order-2',
        },
      },
    });
    expect(await transactions()).toMatchObject([
      {
        transaction_id: '1237775',
        kind: 'pull',
        amount: '101.96',
        account_type: 'AC',
        status: 100,
      },
    ]);
  });

  it('takes card debits (CA) from debit and credit tokens', async () => {
    for (const destination of ['debit', 'credit']) {
      const body = pullBody(await mintToken(sandbox.url, destination), now());
      body.transaction.account_type = 'CA';
      body.transaction.participant_unique_ids.participant_unique_id1 = `card-${destination}`;
      const res = await pull(body);
      expect(pullCode(res)).toBe('100');
      expect(res.json().transaction.estimated_posting_time).toBe(
        'Payment will post within 5 minutes.',
      );
    }
  });

  it('keeps push and pull idempotency keys apart', async () => {
    const debit = await mintToken(sandbox.url, 'debit');
    const ach = await mintToken(sandbox.url, 'ach');
    expect(pushCode(await push(pushBody(debit, now(), { participant_unique_id1: 'same' })))).toBe(
      100,
    );
    const body = pullBody(ach, now());
    body.transaction.participant_unique_ids.participant_unique_id1 = 'same';
    expect(pullCode(await pull(body))).toBe('100');
    expect(await transactions()).toHaveLength(2);
  });
});

describe('idempotency by participant_unique_id1', () => {
  it('a push replay answers 101 with the original data and creates nothing', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    const first = (await push(pushBody(token, now()))).json();
    clock.advance(5);
    const replay = await push(pushBody(token, now()));
    expect(pushCode(replay)).toBe(101);
    expect(replay.json().client_message).toBe('Success - Idempotent Response');
    expect(replay.json().data).toEqual(first.data);
    const list = await transactions();
    expect(list).toHaveLength(1);
    expect(logOf(list[0])).toEqual(['received', 'committed', 'replayed_101']);
  });

  it('a pull replay answers "101" with the original transaction', async () => {
    const token = await mintToken(sandbox.url, 'ach');
    const first = (await pull(pullBody(token, now()))).json();
    const replay = await pull(pullBody(token, now()));
    expect(pullCode(replay)).toBe('101');
    expect(replay.json().response.message).toBe('Success - Idempotent Response');
    expect(replay.json().transaction).toEqual(first.transaction);
    expect(await transactions()).toHaveLength(1);
  });

  it('the same id with a different body is a replay of the original, with a warning in its log', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    const first = (await push(pushBody(token, now()))).json();
    const replay = await push(pushBody(token, now(), { amount: 99.99 }));
    expect(pushCode(replay)).toBe(101);
    expect(replay.json().data).toEqual(first.data);
    const [only] = await transactions();
    expect(only.amount).toBe('25.00');
    expect(logOf(only)).toEqual(['received', 'committed', 'body_mismatch_warning', 'replayed_101']);
    expect(only.log[2].fields).toEqual(['amount']);
  });

  it('.04 stays in flight: a replay meanwhile gets 104 with the original ids, later 101', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    const body = pushBody(token, now(), { amount: 10.04 });
    const started = Date.now();
    const original = push(body);
    await vi.waitFor(async () => expect((await transactions())[0]?.state).toBe('in_flight'), {
      timeout: 5000,
      interval: 10,
    });
    const during = await push(body);
    expect(pushCode(during)).toBe(104);
    expect(during.json().client_message).toBe('In Progress - Idempotent Response');
    const done = await original;
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 50);
    expect(pushCode(done)).toBe(100);
    expect(during.json().data).toEqual({
      transaction_id: done.json().data.transaction_id,
      request_timestamp: done.json().data.request_timestamp,
      customer_account_token: token,
      participant_unique_id1: 'push-1',
      participant_unique_id2: 'order-1',
    });
    const after = await push(body);
    expect(pushCode(after)).toBe(101);
    expect(after.json().data).toEqual(done.json().data);
    const list = await transactions();
    expect(list).toHaveLength(1);
    expect(list[0].state).toBe('completed');
    expect(logOf(list[0])).toEqual([
      'received',
      'committed',
      'replayed_104',
      'completed',
      'replayed_101',
    ]);
  });

  it('.04 on a pull: "104" with the original transaction_id while in flight', async () => {
    const token = await mintToken(sandbox.url, 'ach');
    const body = pullBody(token, now());
    body.transaction.transaction_amount.amount = '20.04';
    const original = pull(body);
    await vi.waitFor(async () => expect((await transactions())[0]?.state).toBe('in_flight'), {
      timeout: 5000,
      interval: 10,
    });
    const during = await pull(body);
    expect(pullCode(during)).toBe('104');
    const done = await original;
    expect(pullCode(done)).toBe('100');
    expect(during.json().transaction).toEqual({
      transaction_id: done.json().transaction.transaction_id,
      customer_account_token: token,
      participant_unique_ids: {
        participant_unique_id1: 'pull-1',
        participant_unique_id2: 'order-2',
      },
    });
  });
});

describe('test amounts', () => {
  it('.70 → 700, not stored: the same id later succeeds as a new transaction', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    const res = await push(pushBody(token, now(), { amount: 12.7 }));
    expect(pushCode(res)).toBe(700);
    expect(res.json()).toEqual({
      status: 700,
      client_message: 'Account not currently available for processing via Ingo',
      data: {},
      time: expect.any(String),
    });
    expect(await transactions()).toEqual([]);
    const again = await push(pushBody(token, now(), { amount: 12 }));
    expect(pushCode(again)).toBe(100);
    expect(await transactions()).toHaveLength(1);
  });

  it('.42 → 1042; on a pull the error has the request echo and no transaction', async () => {
    const debit = await mintToken(sandbox.url, 'debit');
    const res = await push(pushBody(debit, now(), { amount: 3.42 }));
    expect(pushCode(res)).toBe(1042);
    expect(res.json().client_message).toBe(
      'Check Digit Failure - Please check account number and try again.',
    );
    const body = pullBody(await mintToken(sandbox.url, 'ach'), now());
    body.transaction.transaction_amount.amount = '8.70';
    const failed = await pull(body);
    expect(failed.json()).toEqual({
      request: body.request,
      response: {
        status: '700',
        message: 'Account not currently available for processing via Ingo',
        duration: expect.any(String),
      },
    });
    expect(await transactions()).toEqual([]);
  });

  it('.50 → 503 (transient, nothing stored); a retry with the same id is processed as new', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    expect(pushCode(await push(pushBody(token, now(), { amount: 1.5 })))).toBe(503);
    const body = pullBody(await mintToken(sandbox.url, 'ach'), now());
    body.transaction.transaction_amount.amount = '1.50';
    expect(pullCode(await pull(body))).toBe('503');
    expect(await transactions()).toEqual([]);
    expect(pushCode(await push(pushBody(token, now(), { amount: 1.51 })))).toBe(100);
  });

  it('.02 → 102 stand-in on a push (stored as a success, replays get 101); 504 on a pull', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    const res = await push(pushBody(token, now(), { amount: 100.02 }));
    expect(pushCode(res)).toBe(102);
    expect(res.json().client_message).toBe('Success - Pending Issuer Response');
    expect(res.json().data.transaction_id).toBe(2361537);
    expect(pushCode(await push(pushBody(token, now(), { amount: 100.02 })))).toBe(101);
    const body = pullBody(await mintToken(sandbox.url, 'ach'), now());
    body.transaction.transaction_amount.amount = '100.02';
    expect(pullCode(await pull(body))).toBe('504');
    expect(await transactions()).toMatchObject([{ status: 102, state: 'completed' }]);
  });
});

describe('faults on target ingopay', () => {
  it('dropAfterCommit: no answer, the push is committed, the retry gets 101, one transaction', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    expect((await addFault({ target: 'ingopay', dropAfterCommit: true, count: 1 })).status).toBe(
      201,
    );
    await expect(push(pushBody(token, now()))).rejects.toThrow(/socket hang up|ECONNRESET/);
    const committed = await transactions();
    expect(committed).toHaveLength(1);
    expect(logOf(committed[0])).toEqual(['received', 'committed', 'answer_dropped']);
    const retry = await push(pushBody(token, now()));
    expect(pushCode(retry)).toBe(101);
    expect(retry.json().data.transaction_id).toBe(committed[0].transaction_id);
    const list = await transactions();
    expect(list).toHaveLength(1);
    expect(logOf(list[0])).toEqual(['received', 'committed', 'answer_dropped', 'replayed_101']);
  });

  it('drop: no answer and nothing committed (the pull retry is processed as new)', async () => {
    const token = await mintToken(sandbox.url, 'ach');
    await addFault({ target: 'ingopay', drop: true, count: 1 });
    await expect(pull(pullBody(token, now()))).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(await transactions()).toEqual([]);
    expect(pullCode(await pull(pullBody(token, now())))).toBe('100');
  });

  it('status answers that HTTP status with JSON; malformed answers broken JSON', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    await addFault([
      { target: 'ingopay', status: 502, count: 1 },
      { target: 'ingopay', malformed: true, count: 1 },
    ]);
    const bad = await push(pushBody(token, now()));
    expect(bad.status).toBe(502);
    expect(bad.json().client_message).toMatch(/Injected fault/);
    const broken = await push(pushBody(token, now()));
    expect(broken.status).toBe(200);
    expect(() => broken.json()).toThrow(SyntaxError);
    expect(await transactions()).toEqual([]);
  });

  it('ingoStatus answers a valid request with that code (a decline), stores nothing', async () => {
    const token = await mintToken(sandbox.url, 'paypal');
    await addFault({ target: 'ingopay', ingoStatus: 700, count: 1 });
    const declined = await push(pushBody(token, now(), { account_type: 'PD' }));
    expect(pushCode(declined)).toBe(700);
    expect(declined.json().client_message).toMatch(/^Account not currently available/);
    expect(await transactions()).toEqual([]);
    // Used up: the same request now goes through.
    expect(pushCode(await push(pushBody(token, now(), { account_type: 'PD' })))).toBe(100);
    const wrongTarget = await addFault({ target: 'session', ingoStatus: 700 });
    expect(wrongTarget.status).toBe(400);
    expect((await addFault({ target: 'ingopay', ingoStatus: 100 })).status).toBe(400);
  });

  it('dropAfterCommit is only for ingopay and does not combine with drop/status/malformed', async () => {
    const wrongTarget = await addFault({ target: 'session', dropAfterCommit: true });
    expect(wrongTarget.status).toBe(400);
    expect(wrongTarget.json().client_message).toMatch(/only to target "ingopay"/);
    const combined = await addFault({ target: 'ingopay', dropAfterCommit: true, drop: true });
    expect(combined.status).toBe(400);
    expect(combined.json().client_message).toMatch(/only one of drop, status and malformed/);
  });
});

describe('tokens', () => {
  it('an unknown token → 760', async () => {
    const res = await push(pushBody('89421718-a62e-4344-8a1d-4baf73fb11f1', now()));
    expect(pushCode(res)).toBe(760);
    expect(res.json().client_message).toBe('Invalid customer_account_token');
    const body = pullBody('4153e416-d81d-4420-a494-9feceed4eef3', now());
    expect(pullCode(await pull(body))).toBe('760');
  });

  it('a token whose destination does not fit the account_type → 761', async () => {
    const ach = await mintToken(sandbox.url, 'ach');
    const res = await push(pushBody(ach, now(), { account_type: 'CA' }));
    expect(pushCode(res)).toBe(761);
    expect(res.json().client_message).toBe(
      'customer_account_token cannot be used with account_type CA',
    );
    const debit = await mintToken(sandbox.url, 'debit');
    expect(pushCode(await push(pushBody(debit, now(), { account_type: 'RT' })))).toBe(761);
    const pullAch = pullBody(debit, now());
    expect(pullCode(await pull(pullAch))).toBe('761');
    const paypal = pullBody(await mintToken(sandbox.url, 'paypal'), now());
    paypal.transaction.account_type = 'CA';
    const res2 = await pull(paypal);
    expect(res2.json().response).toMatchObject({
      status: '761',
      message: 'customer_account_token cannot be used with account_type CA',
    });
    expect(await transactions()).toEqual([]);
  });

  it('POST /__sandbox/tokens mints tokens; GET lists them; reset forgets them', async () => {
    const res = await rawRequest(
      sandbox.url,
      'POST',
      '/__sandbox/tokens',
      {},
      JSON.stringify({ destination: 'billpay' }),
    );
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({
      customer_account_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
      destination: 'billpay',
    });
    for (const body of ['{"destination":"wire"}', '{}', 'nope', '{"destination":"ach","x":1}']) {
      const bad = await rawRequest(sandbox.url, 'POST', '/__sandbox/tokens', {}, body);
      expect(bad.status, body).toBe(400);
    }
    const listed = (await rawRequest(sandbox.url, 'GET', '/__sandbox/tokens', {})).json().tokens;
    expect(listed).toEqual([
      {
        customer_account_token: res.json().customer_account_token,
        destination: 'billpay',
        source: 'control',
        session_identifier: null,
        created_at: new Date(now()).toISOString(),
      },
    ]);
    const token = res.json().customer_account_token;
    expect(pushCode(await push(pushBody(token, now(), { account_type: 'BP' })))).toBe(100);
    await rawRequest(sandbox.url, 'POST', '/__sandbox/reset', {});
    expect(await transactions()).toEqual([]);
    expect(pushCode(await push(pushBody(token, now(), { account_type: 'BP' })))).toBe(760);
  });

  it('accepts a token issued through the hosted page (push CA, pull CA; not AC)', async () => {
    const session = (
      await createSession(sandbox.url, undefined, { now: now(), idempotencyKey: 'page-token' })
    ).json().data;
    const page = await rawRequest(
      sandbox.url,
      'GET',
      mountUrl(session.authorized_url, 'debit'),
      {},
    );
    expect(page.status).toBe(200);
    const boot = bootstrapOf(page.text);
    const headers = { 'content-type': 'application/json', [PAGE_TOKEN_HEADER]: boot.pageToken };
    const account = await rawRequest(
      sandbox.url,
      'POST',
      `${boot.apiBase}/account`,
      headers,
      JSON.stringify({
        destination: 'debit',
        account: {
          card_number: '4000056655665556',
          expiration: '12/30',
          cvv: '123',
          name: 'Jane Doe',
        },
      }),
    );
    expect(account.status, account.text).toBe(200);
    const confirm = await rawRequest(sandbox.url, 'POST', `${boot.apiBase}/confirm`, headers, '{}');
    const token = confirm.json().customer_account_token as string;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);

    expect(pushCode(await push(pushBody(token, now())))).toBe(100);
    const body = pullBody(token, now());
    body.transaction.account_type = 'CA';
    expect(pullCode(await pull(body))).toBe('100');
    body.transaction.account_type = 'AC';
    body.transaction.participant_unique_ids.participant_unique_id1 = 'pull-ac';
    expect(pullCode(await pull(body))).toBe('761');
    const tokens = (await rawRequest(sandbox.url, 'GET', '/__sandbox/tokens', {})).json().tokens;
    expect(tokens).toEqual([
      expect.objectContaining({
        customer_account_token: token,
        destination: 'debit',
        source: 'hosted_page',
        session_identifier: session.session_identifier,
      }),
    ]);
  });
});

describe('validation: 400 missing, 401 incorrect, 402 stale timestamp', () => {
  let debit: string;
  let ach: string;
  beforeEach(async () => {
    debit = await mintToken(sandbox.url, 'debit');
    ach = await mintToken(sandbox.url, 'ach');
  });

  it('push: an amount sent as a string (pull style) → 401 naming the field', async () => {
    const res = await push(pushBody(debit, now(), { amount: '25.00' }));
    expect(pushCode(res)).toBe(401);
    expect(res.json()).toEqual({
      status: 401,
      client_message: expect.stringContaining(FAILURE),
      data: {},
      time: expect.any(String),
    });
    expect(res.json().client_message).toMatch(/amount must be a JSON number .*not a string/);
  });

  it('push: other wire typing mistakes → 401, all reported at once', async () => {
    const res = await push(
      pushBody(debit, now(), {
        participant_id: '12345',
        timestamp: String(Math.floor(now() / 1000)),
        source_of_funds: 5,
        amount: 1.005,
        recipient_phone: 1231231234,
        account_type: 'XX',
        version: 12,
      }),
    );
    expect(pushCode(res)).toBe(401);
    const message = res.json().client_message;
    for (const field of [
      'participant_id',
      'timestamp',
      'source_of_funds',
      'amount',
      'recipient_phone',
      'account_type',
      'version',
    ]) {
      expect(message).toContain(`${field} `);
    }
    expect(await transactions()).toEqual([]);
  });

  it('pull: an amount sent as a number (push style) → "401"; ids as numbers too', async () => {
    const body = pullBody(ach, now());
    body.transaction.transaction_amount.amount = 101.96;
    const res = await pull(body);
    expect(pullCode(res)).toBe('401');
    expect(res.json().response.message).toMatch(
      /transaction\.transaction_amount\.amount must be a JSON string/,
    );
    expect(res.json()).not.toHaveProperty('transaction');

    const numeric = pullBody(ach, now());
    numeric.request.participant_id = 12345;
    numeric.transaction.transaction_amount.amount = '101.9';
    numeric.transaction.transaction_amount.currency_code = 'EUR';
    numeric.transaction.account_type = 'RT';
    const res2 = await pull(numeric);
    expect(pullCode(res2)).toBe('401');
    expect(res2.json().request).toEqual({
      participant_id: '12345',
      timestamp: numeric.request.timestamp,
    });
    for (const field of ['request.participant_id', 'amount', 'currency_code', 'account_type']) {
      expect(res2.json().response.message).toContain(field);
    }
  });

  it('a missing or null required field → 400 (even when other fields are also wrong)', async () => {
    const body = pushBody(debit, now(), { amount: '1' });
    delete body.participant_unique_id1;
    const res = await push(body);
    expect(pushCode(res)).toBe(400);
    expect(res.json().client_message).toContain('participant_unique_id1 is required');
    expect(res.json().client_message).toContain('amount must be a JSON number');
    expect(pushCode(await push(pushBody(debit, now(), { customer_account_token: null })))).toBe(
      400,
    );

    const pullMissing = pullBody(ach, now());
    delete pullMissing.transaction.participant_unique_ids.participant_unique_id1;
    const res2 = await pull(pullMissing);
    expect(pullCode(res2)).toBe('400');
    expect(res2.json().response.message).toContain(
      'transaction.participant_unique_ids.participant_unique_id1 is required',
    );
    expect(pullCode(await pull({ request: pullMissing.request }))).toBe('400');
    expect(pushCode(await push(''))).toBe(400);
    expect(pushCode(await push('{"not json'))).toBe(401);
  });

  it('an unknown participant → 401', async () => {
    const res = await push(pushBody(debit, now(), { participant_id: 54321 }));
    expect(pushCode(res)).toBe(401);
    expect(res.json().client_message).toMatch(/unknown participant/);
    const body = pullBody(ach, now());
    body.request.participant_id = '54321';
    expect(pullCode(await pull(body))).toBe('401');
  });

  it('additional_detail: refused on RT, 21 characters together at most, either part alone is fine', async () => {
    const rt = await push(
      pushBody(ach, now(), {
        account_type: 'RT',
        additional_detail: { source_name: 'CorpDisb', descriptive_purpose: 'Pay' },
      }),
    );
    expect(pushCode(rt)).toBe(401);
    expect(rt.json().client_message).toMatch(/additional_detail must be left out for RT/);

    const long = await push(
      pushBody(ach, now(), {
        account_type: 'AC',
        additional_detail: { source_name: 'CorpDisbX', descriptive_purpose: 'Reimbursement' },
      }),
    );
    expect(pushCode(long)).toBe(401);
    expect(long.json().client_message).toMatch(
      /at most 21 characters together \(got 9 \+ 13 = 22\)/,
    );

    const pullLong = pullBody(ach, now());
    pullLong.transaction.additional_detail = {
      source_name: 'CorpDisbX',
      descriptive_purpose: 'Reimbursement',
    };
    expect(pullCode(await pull(pullLong))).toBe('401');

    const exact = await push(
      pushBody(ach, now(), {
        account_type: 'AC',
        participant_unique_id1: 'exact',
        additional_detail: { source_name: 'CorpDisb', descriptive_purpose: 'Reimbursement' },
      }),
    );
    expect(pushCode(exact)).toBe(100);
    const alone = await push(
      pushBody(ach, now(), {
        account_type: 'SD',
        participant_unique_id1: 'alone',
        additional_detail: { source_name: 'ACME Corp Disbursemen' },
      }),
    );
    expect(pushCode(alone)).toBe(100);
  });

  it('per-type fields: CK memo only on CK, raw card fields refused, unknown fields refused', async () => {
    const memo = await push(pushBody(debit, now(), { check_memo_data: 'hi' }));
    expect(pushCode(memo)).toBe(401);
    const raw = await push(pushBody(debit, now(), { account: '4111111111111111' }));
    expect(pushCode(raw)).toBe(401);
    expect(raw.json().client_message).toMatch(/account must be left out/);
    const typo = await push(pushBody(debit, now(), { participant_unique_id: 'x' }));
    expect(pushCode(typo)).toBe(401);
    expect(typo.json().client_message).toMatch(/participant_unique_id is not a field/);
  });

  it('a body timestamp more than 300 s from the sandbox clock → 402', async () => {
    const stale = Math.floor(now() / 1000) - 301;
    const res = await push(pushBody(debit, now(), { timestamp: stale }));
    expect(pushCode(res)).toBe(402);
    expect(res.json().client_message).toMatch(/301 s behind the sandbox clock/);
    const body = pullBody(ach, now());
    body.request.timestamp = String(Math.floor(now() / 1000) + 400);
    expect(pullCode(await pull(body))).toBe('402');
    expect(await transactions()).toEqual([]);
  });
});

describe('transport: signature, Accept, method', () => {
  it('a bad signature → HTTP 401 with a Kong-style body', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    const res = await push(pushBody(token, now()), { secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({
      message: expect.stringMatching(/^Unauthorized: signature does not match/),
      error: { check: 'signature', message: expect.stringMatching(/^signature does not match/) },
    });
    // Signed for another path (the request line is part of the signature).
    const wrongLine = await push(pushBody(token, now()), { signPath: PULL_PATH });
    expect(wrongLine.status).toBe(401);
    const skewed = await pull(pullBody(token, now()), { skewSeconds: -400 });
    expect(skewed.status).toBe(401);
    expect(skewed.json().error.check).toBe('x-date');
    expect(await transactions()).toEqual([]);
  });

  it('Accept: application/xml → HTTP 406 (JSON only); an Accept that allows JSON is fine', async () => {
    const token = await mintToken(sandbox.url, 'debit');
    const xml = await push(pushBody(token, now()), { extraHeaders: { accept: 'application/xml' } });
    expect(xml.status).toBe(406);
    expect(xml.json().message).toMatch(/JSON only/);
    expect(await transactions()).toEqual([]);
    const both = await push(pushBody(token, now()), {
      extraHeaders: { accept: 'application/xml, application/json;q=0.5' },
    });
    expect(pushCode(both)).toBe(100);
  });

  it('only POST; GET / lists the IngoPay and control endpoints', async () => {
    expect((await rawRequest(sandbox.url, 'GET', PUSH_PATH, {})).status).toBe(405);
    const index = (await rawRequest(sandbox.url, 'GET', '/', {})).json();
    expect(index).toMatchObject({
      ingopay_push: 'POST /gateway/process',
      ingopay_pull: 'POST /gateway/v12/debit/process',
    });
    expect(index.control).toEqual(
      expect.arrayContaining(['GET /__sandbox/transactions', 'GET|POST /__sandbox/tokens']),
    );
  });
});

describe('ledger programs', () => {
  const LEDGER = {
    api_key: 'lk_live_abc123xyz',
    user_id: 'usr_00456',
    entity_type: 'program',
    entity_id: 'ent_00789',
  };

  it('a ledger program requires all four ledger fields (400 missing, 401 wrong)', async () => {
    const ledgered = await startSandbox({ port: 0, now: clock.now, ledger: true });
    try {
      const debit = await mintToken(ledgered.url, 'debit');
      const ach = await mintToken(ledgered.url, 'ach');
      const none = await push(pushBody(debit, now()), {}, ledgered.url);
      expect(pushCode(none)).toBe(400);
      expect(none.json().client_message).toContain('ledger is required');
      const partial = await push(
        pushBody(debit, now(), { ledger: { ...LEDGER, entity_id: undefined } }),
        {},
        ledgered.url,
      );
      expect(pushCode(partial)).toBe(400);
      expect(partial.json().client_message).toContain('ledger.entity_id is required');
      const wrong = await push(
        pushBody(debit, now(), { ledger: { ...LEDGER, entity_type: 'team' } }),
        {},
        ledgered.url,
      );
      expect(pushCode(wrong)).toBe(401);
      expect(wrong.json().client_message).toMatch(
        /ledger\.entity_type must be one of program, user, business/,
      );
      expect(
        pushCode(await push(pushBody(debit, now(), { ledger: LEDGER }), {}, ledgered.url)),
      ).toBe(100);

      const body = pullBody(ach, now());
      expect(pullCode(await pull(body, {}, ledgered.url))).toBe('400');
      body.ledger = { ...LEDGER, entity_type: 'user' };
      expect(pullCode(await pull(body, {}, ledgered.url))).toBe('100');
    } finally {
      await ledgered.close();
    }
  });

  it('by default a ledger object is ignored', async () => {
    const debit = await mintToken(sandbox.url, 'debit');
    const res = await push(pushBody(debit, now(), { ledger: { entity_type: 'nonsense' } }));
    expect(pushCode(res)).toBe(100);
  });
});

describe('CLI', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints the IngoPay endpoints and takes --ledger and --ingopay-slow-ms', async () => {
    const child = spawn(
      process.execPath,
      [inject('cliPath'), '--port', '0', '--ledger', '--ingopay-slow-ms', '50', '--quiet'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('allowed origins')) resolve();
      });
      child.on('exit', () => reject(new Error(`exited early: ${stdout}`)));
    });
    const url = /listening on (http:\/\/[^\s]+)/.exec(stdout)?.[1] as string;
    expect(stdout).toContain(`IngoPay push:    POST ${url}/gateway/process`);
    expect(stdout).toContain(`IngoPay pull:    POST ${url}/gateway/v12/debit/process`);
    expect(stdout).toMatch(/ledger program:\s+yes/);
    const token = await mintToken(url, 'debit');
    const body = pushBody(token, Date.now(), { amount: 1.04, ledger: LEDGER_FOR_CLI });
    const started = Date.now();
    const res = await ingoPayRequest(url, PUSH_PATH, body);
    expect(pushCode(res)).toBe(100);
    expect(Date.now() - started).toBeLessThan(2500);
    const bad = spawn(process.execPath, [inject('cliPath'), '--ingopay-slow-ms', 'soon'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(bad);
    expect(await new Promise((resolve) => bad.on('exit', resolve))).toBe(2);
  });
});

const LEDGER_FOR_CLI = {
  api_key: 'lk_test',
  user_id: 'usr_1',
  entity_type: 'business',
  entity_id: 'ent_1',
};
