/**
 * The demo server half against the real local sandbox: recipient profile, account, payouts, and
 * the page helpers talking to it.
 */
import { signWebhookBody, startSandbox } from '@ingo-embed/sandbox';
import { createSessionHandler } from '@ingo-embed/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPayouts,
  emptyRecipient,
  invalidFields,
  RECIPIENT_STATUS,
  saveRecipient,
} from '../src/page.js';
import { createDemoServer, type DemoServer } from '../src/server.js';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let demo: DemoServer;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  demo = createDemoServer({
    env: { INGO_SESSION_API_URL: sandbox.url, INGO_INGOPAY_API_URL: sandbox.url },
  });
});

afterAll(() => sandbox.close());

let visitors = 0;
const newVisitorId = () => `0b0b0b0b-0000-4000-8000-${String(++visitors).padStart(12, '0')}`;

const request = (method: string, body?: unknown) =>
  new Request('http://demo.test/api', {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

/** A page-side fetch that reaches `route` of the demo server as `visitor`. */
function pageFetch(visitor: string, route: keyof DemoServer) {
  return ((_url: string, init?: RequestInit) => {
    const handler = demo[route] as (request: Request, visitor: string) => Promise<Response>;
    return handler(new Request('http://demo.test/api', init), visitor);
  }) as typeof fetch;
}

async function tokenFor(destination: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/__sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ destination }),
  });
  return ((await response.json()) as { customer_account_token: string }).customer_account_token;
}

async function transactions(): Promise<{ participant_unique_id1: string; kind: string }[]> {
  const response = await fetch(`${sandbox.url}/__sandbox/transactions`);
  return ((await response.json()) as { transactions: [] }).transactions;
}

describe('recipient profile', () => {
  it('keeps each visitor on the server, and resolveSession reads it from there', async () => {
    const visitor = newVisitorId();
    expect(demo.signedIn(visitor)).toMatchObject({
      subject: visitor,
      recipient: { lastName: 'Doe' },
    });
    const saved = await demo.recipient(
      request('PUT', { firstName: ' Ana ', lastName: 'Lima', state: 'GA', evil: 'x' }),
      visitor,
    );
    expect(await saved.json()).toEqual({ firstName: 'Ana', lastName: 'Lima', state: 'GA' });
    expect(demo.recipientOf(visitor).lastName).toBe('Lima');
    expect(demo.signedIn(visitor)?.recipient.lastName).toBe('Lima');
    expect(demo.recipientOf(newVisitorId()).lastName).toBe('Doe');
    expect(demo.signedIn(undefined)).toBeNull();
  });

  it('refuses invalid details with the fields to fix, and keeps the saved ones', async () => {
    const visitor = newVisitorId();
    const failure = await saveRecipient(
      { ...emptyRecipient(), firstName: 'Jane', lastName: 'Doe', zipCode: 'nope' },
      pageFetch(visitor, 'recipient'),
    ).catch((error: unknown) => error);
    expect(invalidFields(failure)).toEqual(['zipCode']);
    expect(RECIPIENT_STATUS.saveFailed(failure)).toMatch(/^Not saved: Check: zipCode /);
    expect(demo.recipientOf(visitor).zipCode).toBe('30301');
  });

  it('answers 401 without a visitor', async () => {
    expect((await demo.recipient(request('GET'), undefined)).status).toBe(401);
    expect((await demo.account(request('GET'), undefined)).status).toBe(401);
    expect((await demo.payout(request('POST', {}), undefined)).status).toBe(401);
  });
});

describe('account and payouts', () => {
  it('keeps the token with the visitor, then sends and collects with it', async () => {
    const visitor = newVisitorId();
    const token = await tokenFor('debit');
    const saved = await demo.account(
      request('POST', { customerAccountToken: token, destination: 'debit' }),
      visitor,
    );
    expect(saved.status).toBe(200);
    expect(demo.accountOf(visitor)?.customerAccountToken).toBe(token);

    const payouts = createPayouts(pageFetch(visitor, 'payout'));
    const sent = await payouts.run('send');
    expect(sent).toMatchObject({ action: 'send', outcome: 'succeeded', amount: '25.00' });
    expect(sent.transactionId).toMatch(/^\d+$/);
    expect(sent.estimatedPosting).toMatch(/Payment will post/);
    const collected = await payouts.run('collect');
    expect(collected).toMatchObject({ action: 'collect', outcome: 'succeeded', amount: '10.00' });
  });

  it('makes one transaction of a double click and of a retried request', async () => {
    const visitor = newVisitorId();
    await demo.account(
      request('POST', { customerAccountToken: await tokenFor('ach'), destination: 'ach' }),
      visitor,
    );
    const body = { action: 'send', requestId: '5d6f7a8b-1111-4222-8333-944455556666' };
    const before = (await transactions()).length;
    // Two requests at once (the page shares one; these could come from two tabs or a retry).
    const answers = await Promise.all([
      demo.payout(request('POST', body), visitor).then((r) => r.json()),
      demo.payout(request('POST', body), visitor).then((r) => r.json()),
    ]);
    const retried = await (await demo.payout(request('POST', body), visitor)).json();
    expect(new Set([...answers, retried].map((answer) => answer.transactionId)).size).toBe(1);
    expect(retried.ingoStatus).toBe(101);
    expect((await transactions()).length).toBe(before + 1);
  });

  it('offers collect only for a debit card or a bank account, and only with an account', async () => {
    const visitor = newVisitorId();
    const collect = { action: 'collect', requestId: '5d6f7a8b-2222-4222-8333-944455556666' };
    expect((await demo.payout(request('POST', collect), visitor)).status).toBe(409);
    await demo.account(
      request('POST', { customerAccountToken: await tokenFor('paypal'), destination: 'paypal' }),
      visitor,
    );
    const refused = await demo.payout(request('POST', collect), visitor);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toContain('debit or ach');
  });

  it('refuses what the browser must not decide', async () => {
    const visitor = newVisitorId();
    const bad = [
      { action: 'send', requestId: 'short' },
      { action: 'refund', requestId: '5d6f7a8b-3333-4222-8333-944455556666' },
    ];
    for (const body of bad) {
      expect((await demo.payout(request('POST', body), visitor)).status).toBe(400);
    }
    const account = await demo.account(
      request('POST', { customerAccountToken: 'tok', destination: 'wire' }),
      visitor,
    );
    expect(account.status).toBe(400);
  });
});

describe('webhooks', () => {
  /** A session for `visitor` through the app's own kind of session handler; its pid1. */
  async function sessionFor(visitor: string): Promise<{ sessionId: string; pid1: string }> {
    const handler = createSessionHandler({
      client: demo.client,
      resolveSession: () => demo.signedIn(visitor),
    });
    const response = await handler(
      new Request('http://demo.test/api/ingo/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idempotencyKey: crypto.randomUUID(), destination: 'ach' }),
      }),
    );
    const { sessionId } = (await response.json()) as { sessionId: string };
    const { sessions } = (await (await fetch(`${sandbox.url}/__sandbox/sessions`)).json()) as {
      sessions: { session_identifier: string; participant_unique_id1: string }[];
    };
    const pid1 = sessions.find((s) => s.session_identifier === sessionId)?.participant_unique_id1;
    if (!pid1) throw new Error('the sandbox has no such session');
    return { sessionId, pid1 };
  }

  function tokenization(sessionId: string, pid1: string, token: string) {
    return JSON.stringify({
      metadata: {
        topic: 'plugin.transaction.account.tokenization.success',
        version: '3',
        timestamp: Math.floor(Date.now() / 1000),
        id: `sb01-${crypto.randomUUID()}`,
      },
      data: {
        ancillary: { session_id: sessionId, participant_unique_id1: pid1 },
        event: { status: '100', customer_account_token: token, account_type: 'AC' },
      },
    });
  }

  const deliver = (body: string, signature: string) =>
    demo.webhook(
      new Request('http://demo.test/api/ingo/webhook', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ingo-signature': signature },
        body,
      }),
    );

  it("keeps a tokenization webhook's token with the visitor the session was made for", async () => {
    const visitor = newVisitorId();
    const { sessionId, pid1 } = await sessionFor(visitor);
    const token = await tokenFor('ach');
    const body = tokenization(sessionId, pid1, token);
    const response = await deliver(body, signWebhookBody('sandbox-webhook-secret', body));
    expect(response.status).toBe(200);
    expect(demo.accountOf(visitor)).toMatchObject({
      customerAccountToken: token,
      accountType: 'AC',
      source: 'webhook',
    });
    // The account moves money like one the page handed over (collect: a bank account).
    const collected = await createPayouts(pageFetch(visitor, 'payout')).run('collect');
    expect(collected.outcome).toBe('succeeded');
  });

  it('refuses a delivery the sandbox did not sign, and stores nothing', async () => {
    const visitor = newVisitorId();
    const { sessionId, pid1 } = await sessionFor(visitor);
    const body = tokenization(sessionId, pid1, 'forged-token');
    const response = await deliver(body, signWebhookBody('another-secret', body));
    expect(response.status).toBe(401);
    expect(demo.accountOf(visitor)).toBeUndefined();
  });
});
