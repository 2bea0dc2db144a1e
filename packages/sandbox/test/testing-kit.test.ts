/**
 * The test kit customers use: `useSandbox` (vitest) in both modes, `startTestSandbox`,
 * `connectSandbox`, and the documented test data behind `fillFundingForm`.
 */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../src/app.js';
import { FUNDING_TEST_DATA, type FundingOutcome } from '../src/funding-data.js';
import { PUSH_PATH } from '../src/ingopay.js';
import type { FundingDestination } from '../src/protocol.js';
import { SESSION_CREATE_PATH } from '../src/server.js';
import { verificationOutcome } from '../src/testdata.js';
import { connectSandbox, IN_PROCESS_URL, startTestSandbox } from '../src/testing.js';
import { useSandbox } from '../src/vitest.js';
import { pushBody, sessionBody, signedHeaders } from './helpers.js';

for (const inProcess of [true, false]) {
  describe(`useSandbox({ inProcess: ${inProcess} })`, () => {
    const sandbox = useSandbox({ inProcess, webhookUrls: ['http://127.0.0.1:9/unreachable'] });

    it('starts once per file, reports its mode and URL, and hands out client options', () => {
      expect(sandbox.mode).toBe(inProcess ? 'in-process' : 'port');
      expect(sandbox.url).toMatch(inProcess ? IN_PROCESS_URL : /^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.sdkUrl).toBe(`${sandbox.url}/sdk.js`);
      expect(sandbox.clientOptions()).toMatchObject({
        environment: 'sandbox',
        username: 'sandbox-user',
        secret: 'sandbox-secret',
        participantId: '12345',
        sessionApiUrl: sandbox.url,
        ingoPayApiUrl: sandbox.url,
      });
    });

    it('creates sessions, mints tokens and lists transactions', async () => {
      const raw = JSON.stringify(sessionBody());
      const res = await sandbox.fetch(`${sandbox.url}${SESSION_CREATE_PATH}`, {
        method: 'POST',
        headers: signedHeaders(raw),
        body: raw,
      });
      const { data } = await res.json();
      expect((await sandbox.session(data.session_identifier)).state).toBe('active');
      await expect(sandbox.session('nope')).rejects.toThrow(/no session nope/);
      const token = await sandbox.mintToken('ach');
      expect(await sandbox.tokens()).toMatchObject([
        { customer_account_token: token, source: 'control' },
      ]);
      const push = JSON.stringify(pushBody(token, Date.now(), { account_type: 'AC' }));
      await sandbox.fetch(`${sandbox.url}${PUSH_PATH}`, {
        method: 'POST',
        headers: signedHeaders(push, { signPath: PUSH_PATH }),
        body: push,
      });
      expect(await sandbox.transactions({ customerAccountToken: token })).toHaveLength(1);
      expect(await sandbox.transactions({ customerAccountToken: 'other' })).toEqual([]);
    });

    it('was reset before this test; faults are typed and listed', async () => {
      expect(await sandbox.sessions()).toEqual([]);
      expect(await sandbox.tokens()).toEqual([]);
      const [fault] = await sandbox.faults.add({ target: 'sdk', status: 503, count: 1 });
      expect(fault).toMatchObject({ target: 'sdk', status: 503, applied: 0 });
      expect((await sandbox.fetch(`${sandbox.url}/sdk.js`)).status).toBe(503);
      await sandbox.faults.add({ target: 'sdk', latencyMs: 1 });
      await sandbox.faults.clear();
      expect(await sandbox.faults.list()).toEqual([]);
      await expect(sandbox.faults.add({ target: 'nowhere' } as never)).rejects.toThrow(/HTTP 400/);
    });

    it('waitForWebhook times out with a clear message', async () => {
      await expect(sandbox.waitForWebhook(() => true, { timeoutMs: 50 })).rejects.toThrow(
        /No matching webhook within 50 ms/,
      );
    });
  });
}

describe('startTestSandbox and connectSandbox', () => {
  it('take the credentials the sandbox was started with', async () => {
    const sandbox = await startTestSandbox({ inProcess: true, username: 'u', secret: 's' });
    try {
      expect(sandbox.clientOptions()).toMatchObject({ username: 'u', secret: 's' });
      const raw = JSON.stringify(sessionBody());
      const res = await sandbox.fetch(`${sandbox.url}${SESSION_CREATE_PATH}`, {
        method: 'POST',
        headers: signedHeaders(raw, { username: 'u', secret: 's' }),
        body: raw,
      });
      expect(res.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('connectSandbox drives an in-process app through its fetch, at any origin', async () => {
    const app = createSandbox();
    const client = connectSandbox('http://emulator.internal:1234/', { fetch: app.fetch });
    expect(client.url).toBe('http://emulator.internal:1234');
    const token = await client.mintToken('debit');
    expect(app.state.tokens()).toMatchObject([{ customer_account_token: token }]);
    app.state.faults.add({ target: 'session', status: 500 });
    expect(await client.faults.list()).toMatchObject([{ target: 'session', status: 500 }]);
    app.state.reset();
    expect(await client.tokens()).toEqual([]);
    await app.close();
  });
});

describe('FUNDING_TEST_DATA', () => {
  const input = (
    destination: FundingDestination,
    outcome: FundingOutcome,
    code: '700' | '1105',
  ): Record<string, string> => {
    const d = FUNDING_TEST_DATA;
    switch (destination) {
      case 'debit':
      case 'credit':
        return {
          card_number:
            outcome === 'terminal_failure' ? d.card.terminal_failure[code] : d.card[outcome],
        };
      case 'ach':
        return { account_number: d.ach[outcome] };
      case 'billpay':
        return { account_number: d.billpay[outcome] };
      case 'paypal':
        return { email: d.paypal[outcome] };
    }
  };
  const kinds = { success: 'verified', terminal_failure: 'failed', unverifiable: 'not_verified' };
  it('drives every documented outcome of every destination', () => {
    for (const destination of ['debit', 'credit', 'ach', 'billpay', 'paypal'] as const) {
      for (const outcome of ['success', 'terminal_failure', 'unverifiable'] as const) {
        const result = verificationOutcome(destination, input(destination, outcome, '700'));
        expect(result.kind, `${destination} ${outcome}`).toBe(kinds[outcome]);
      }
    }
    expect(verificationOutcome('debit', input('debit', 'terminal_failure', '1105'))).toEqual({
      kind: 'failed',
      error: '1105',
    });
  });
});
