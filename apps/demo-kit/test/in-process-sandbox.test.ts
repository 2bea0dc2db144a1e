/**
 * The sandbox in-process, as a customer's unit tests use it: no port, no socket. The server
 * package's client gets the sandbox's `fetch`; the control API shows what the sandbox saw.
 */
import { useSandbox } from '@ingo-embed/sandbox/vitest';
import { createIngoClient } from '@ingo-embed/server';
import { describe, expect, it } from 'vitest';
import { createDemoServer } from '../src/server.js';

const sandbox = useSandbox({ inProcess: true });

describe('@ingo-embed/server against the in-process sandbox', () => {
  it('creates a session and pays out to a token through sandbox.fetch', async () => {
    const ingo = createIngoClient({
      environment: 'sandbox',
      username: 'sandbox-user',
      secret: 'sandbox-secret',
      participantId: '12345',
      sessionApiUrl: sandbox.url,
      ingoPayApiUrl: sandbox.url,
      fetch: sandbox.fetch,
    });
    const session = await ingo.createSession({
      participantUniqueId1: 'order-1',
      recipient: { firstName: 'Jane', lastName: 'Doe' },
    });
    expect(session.authorizedUrl.startsWith(`${sandbox.url}/session/`)).toBe(true);
    expect(await sandbox.session(session.sessionId)).toMatchObject({ state: 'active' });

    const token = await sandbox.mintToken('debit');
    const paid = await ingo.pushFunds({
      accountType: 'CA',
      customerAccountToken: token,
      participantUniqueId1: 'payout-1',
      sourceOfFunds: 4,
      amount: '25.00',
    });
    expect(paid).toMatchObject({ outcome: 'succeeded' });
    expect(await sandbox.transactions({ customerAccountToken: token })).toMatchObject([
      { kind: 'push', amount: '25.00' },
    ]);
  });

  it('a declined payout, injected as a fault (and the sandbox was reset before this test)', async () => {
    expect(await sandbox.sessions()).toEqual([]);
    const ingo = createIngoClient(sandbox.clientOptions());
    const token = await sandbox.mintToken('debit');
    await sandbox.faults.add({ target: 'ingopay', ingoStatus: 700, count: 1 });
    const paid = await ingo.pushFunds({
      accountType: 'CA',
      customerAccountToken: token,
      participantUniqueId1: 'payout-2',
      sourceOfFunds: 4,
      amountCents: 2500,
    });
    expect(paid).toMatchObject({ outcome: 'failed', ingoStatus: 700 });
    expect(await sandbox.transactions()).toEqual([]);
  });

  it("the demo's server half, built on a client of the in-process sandbox", async () => {
    const demo = createDemoServer({ client: createIngoClient(sandbox.clientOptions()) });
    const visitor = '0b0b0b0b-0000-4000-8000-00000000beef';
    const token = await sandbox.mintToken('ach');
    const saved = await demo.account(
      new Request('http://demo.test/api/demo/account', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customerAccountToken: token, destination: 'ach' }),
      }),
      visitor,
    );
    expect(saved.status).toBe(200);
    const collected = await demo.payout(
      new Request('http://demo.test/api/demo/payout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'collect', requestId: 'collect-request-1' }),
      }),
      visitor,
    );
    expect(await collected.json()).toMatchObject({ outcome: 'succeeded', amount: '10.00' });
    expect(await sandbox.transactions({ customerAccountToken: token })).toMatchObject([
      { kind: 'pull', amount: '10.00', account_type: 'AC' },
    ]);
  });
});
