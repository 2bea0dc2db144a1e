import { readFileSync } from 'node:fs';
import type { IngoEvent } from '@ingo-embed/core';
import { describe, expect, it } from 'vitest';
import {
  createPayouts,
  DESTINATIONS,
  DemoRequestError,
  describe as describeEvent,
  describePayout,
  emptyRecipient,
  invalidFields,
  loadRecipient,
  type PayoutAnswer,
  RECIPIENT_FIELDS,
  RECIPIENT_STATUS,
  saveAccount,
  saveRecipient,
} from '../src/page.js';

/** A fetch that answers every request with `status` and `body`, and records what it was asked. */
function answering(status: number, body: string) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, ...(init ? { init } : {}) });
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchFn };
}

const event = (fields: Partial<IngoEvent>): IngoEvent => ({
  type: 'PAGE_LOAD',
  data: {},
  ...fields,
});

describe('page module', () => {
  it('imports nothing at runtime but its own data: it is bundled into the browser pages', () => {
    const source = readFileSync(new URL('../src/page.ts', import.meta.url), 'utf8');
    const imports = source.match(/^(import|export) .* from .*$/gm) ?? [];
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^(import|export) type |'\.\/payouts\.js';$/);
    const payouts = readFileSync(new URL('../src/payouts.ts', import.meta.url), 'utf8');
    expect(payouts).not.toMatch(/^import /m);
  });

  it('lists the recipient inputs and destinations the end-to-end tests use', () => {
    expect(RECIPIENT_FIELDS.map((row) => row.map((field) => field.label))).toEqual([
      ['First name', 'Last name'],
      ['Address'],
      ['City'],
      ['State', 'ZIP code'],
      ['Email'],
    ]);
    expect(DESTINATIONS.map((option) => option.label)).toEqual([
      'Debit card',
      'Credit card',
      'Bank account (ACH)',
      'BillPay',
      'PayPal',
    ]);
    expect(Object.keys(emptyRecipient()).sort()).toEqual(
      RECIPIENT_FIELDS.flat()
        .map((field) => field.key)
        .sort(),
    );
    expect(emptyRecipient()).not.toBe(emptyRecipient());
  });

  it('describes an event by its type, then what identifies it', () => {
    expect(describeEvent(event({}))).toBe('PAGE_LOAD');
    expect(
      describeEvent(
        event({
          type: 'TERMINAL_FAILURE',
          destination: 'debit',
          errorCode: '1001',
          sessionId: 's1',
        }),
      ),
    ).toBe('TERMINAL_FAILURE · debit · error 1001 · session s1');
  });

  it('loads and saves the recipient at /api/demo/recipient', async () => {
    const recipient = { ...emptyRecipient(), firstName: 'Ana' };
    const get = answering(200, JSON.stringify(recipient));
    expect(await loadRecipient(get.fetchFn)).toEqual(recipient);
    expect(get.calls).toEqual([{ url: '/api/demo/recipient' }]);

    const put = answering(200, JSON.stringify(recipient));
    expect(await saveRecipient(recipient, put.fetchFn)).toEqual(recipient);
    expect(put.calls[0]?.init).toMatchObject({ method: 'PUT', body: JSON.stringify(recipient) });
  });

  it('turns a refused request into a message and the refused fields', async () => {
    const refused = answering(
      400,
      JSON.stringify({ error: { message: 'Check: zip.', fields: ['zipCode', 7] } }),
    );
    const failure = await saveRecipient(emptyRecipient(), refused.fetchFn).catch((error) => error);
    expect(failure).toBeInstanceOf(DemoRequestError);
    expect(invalidFields(failure)).toEqual(['zipCode']);
    expect(RECIPIENT_STATUS.saveFailed(failure)).toBe('Not saved: Check: zip.');

    const broken = await loadRecipient(answering(502, 'not json').fetchFn).catch((error) => error);
    expect(RECIPIENT_STATUS.loadFailed(broken)).toBe(
      'Could not load the recipient: the server answered 502',
    );
    expect(invalidFields(broken)).toEqual([]);
    expect(invalidFields(new TypeError('Failed to fetch'))).toEqual([]);
  });

  it('hands the token to /api/demo/account', async () => {
    const account = { customerAccountToken: 'tok-1', destination: 'ach', savedAt: 'now' };
    const post = answering(200, JSON.stringify({ account }));
    expect(
      await saveAccount({ customerAccountToken: 'tok-1', destination: 'ach' }, post.fetchFn),
    ).toEqual(account);
    expect(post.calls[0]).toMatchObject({ url: '/api/demo/account', init: { method: 'POST' } });
    expect(JSON.parse(String(post.calls[0]?.init?.body))).toEqual({
      customerAccountToken: 'tok-1',
      destination: 'ach',
    });
  });
});

describe('createPayouts', () => {
  const answer: PayoutAnswer = {
    action: 'send',
    outcome: 'succeeded',
    amount: '25.00',
    transactionId: '2361537',
    estimatedPosting: 'Payment will post within 5 minutes.',
    ingoStatus: 100,
  };

  /** A fetch whose answers the test releases one by one. */
  function controlled() {
    const calls: { action: string; requestId: string }[] = [];
    const pending: ((response: Response) => void)[] = [];
    const fetchFn = ((_url: string, init?: RequestInit) => {
      calls.push(JSON.parse(String(init?.body)));
      return new Promise<Response>((resolve) => pending.push(resolve));
    }) as typeof fetch;
    const answerNext = (status: number, body: unknown) =>
      pending.shift()?.(new Response(JSON.stringify(body), { status }));
    return { calls, fetchFn, answerNext };
  }

  it('shares one request between the clicks of a double click', async () => {
    const { calls, fetchFn, answerNext } = controlled();
    const payouts = createPayouts(fetchFn);
    const first = payouts.run('send');
    const second = payouts.run('send');
    expect(calls).toHaveLength(1);
    answerNext(200, answer);
    expect(await first).toEqual(answer);
    expect(await second).toEqual(answer);
  });

  it('resends the same request id after a lost answer, and a new one after an answer', async () => {
    const { calls, fetchFn, answerNext } = controlled();
    const payouts = createPayouts(fetchFn);
    const lost = payouts.run('send');
    answerNext(503, { error: { message: 'unreachable' } });
    await expect(lost).rejects.toBeInstanceOf(DemoRequestError);
    const again = payouts.run('send');
    answerNext(200, answer);
    await again;
    const next = payouts.run('send');
    answerNext(200, answer);
    await next;
    expect(calls[1]?.requestId).toBe(calls[0]?.requestId);
    expect(calls[2]?.requestId).not.toBe(calls[1]?.requestId);
    expect(calls.map((call) => call.action)).toEqual(['send', 'send', 'send']);
  });

  it('starts afresh after a refusal (4xx: nothing moved)', async () => {
    const { calls, fetchFn, answerNext } = controlled();
    const payouts = createPayouts(fetchFn);
    const refused = payouts.run('collect');
    answerNext(409, { error: { message: 'Add an account first.' } });
    await expect(refused).rejects.toThrow('Add an account first.');
    const next = payouts.run('collect');
    answerNext(200, { ...answer, action: 'collect' });
    await next;
    expect(calls[1]?.requestId).not.toBe(calls[0]?.requestId);
  });

  it('describes an answer in one line', () => {
    expect(describePayout(answer)).toBe('send · succeeded · $25.00 · transaction 2361537');
    expect(
      describePayout({ ...answer, outcome: 'failed', transactionId: null, ingoStatus: 700 }),
    ).toBe('send · failed · $25.00 · declined with code 700');
  });
});
