/**
 * pushFunds/pullFunds against the real local emulator (@ingo-embed/sandbox), which verifies the
 * HMAC signature and Ingo's wire typing with its own, independently written checks. Skipped only
 * while the sandbox does not serve IngoPay yet; any other import failure fails the suite.
 */
import { describe, expect, it } from 'vitest';
import { createIngoClient, type IngoClientOptions } from '../src/index.js';

interface RunningSandbox {
  url: string;
  close(): Promise<void>;
}
interface SandboxModule {
  startSandbox?: (options: Record<string, unknown>) => Promise<RunningSandbox>;
}

// A variable specifier keeps the typecheck independent of whether the sandbox is built yet.
const specifier = '@ingo-embed/sandbox';
const sandbox = (await import(/* @vite-ignore */ specifier).catch((error: unknown) => {
  const text = String((error as Error)?.message ?? error);
  if (/Cannot find (module|package)|Failed to (load|resolve)|ERR_MODULE_NOT_FOUND/i.test(text)) {
    return {};
  }
  throw error;
})) as SandboxModule;
const startSandbox = sandbox.startSandbox;

const USERNAME = 'it-user';
const SECRET = 'it-secret';

async function withSandbox<T>(run: (url: string) => Promise<T>): Promise<T> {
  if (!startSandbox) throw new Error('unreachable: suite is skipped without startSandbox');
  const sb = await startSandbox({ port: 0, username: USERNAME, secret: SECRET });
  try {
    return await run(sb.url);
  } finally {
    await sb.close();
  }
}

// Whether this sandbox build serves IngoPay: its token endpoint answers 201.
const servesIngoPay =
  startSandbox !== undefined &&
  (await withSandbox(async (url) => {
    const response = await fetch(`${url}/__sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ destination: 'debit' }),
    });
    return response.status === 201;
  }));
if (!servesIngoPay) {
  console.warn(
    '[server] IngoPay integration tests skipped: @ingo-embed/sandbox does not serve /__sandbox/tokens yet',
  );
}

function clientFor(url: string, options: Partial<IngoClientOptions> = {}) {
  return createIngoClient({
    username: USERNAME,
    secret: SECRET,
    environment: 'sandbox',
    ingoPayApiUrl: url,
    // The emulator's default participant id.
    participantId: '12345',
    ingoPay: {
      timeoutMs: 2_000,
      firstRetryDelayMs: 10,
      maxRetryDelayMs: 50,
      maxRequestsPerSecond: 50,
    },
    ...options,
  });
}

async function mintToken(url: string, destination = 'debit'): Promise<string> {
  const response = await fetch(`${url}/__sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ destination }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { customer_account_token: string; destination: string };
  expect(body.destination).toBe(destination);
  return body.customer_account_token;
}

interface ListedTransaction {
  transaction_id: string | number;
  kind: string;
  participant_unique_id1: string;
}

async function transactions(url: string): Promise<ListedTransaction[]> {
  const response = await fetch(`${url}/__sandbox/transactions`);
  return ((await response.json()) as { transactions: ListedTransaction[] }).transactions;
}

describe.skipIf(!servesIngoPay)('IngoPay against @ingo-embed/sandbox', () => {
  it('pays out to a card, and a second call with the same id is a replay (101)', async () => {
    await withSandbox(async (url) => {
      const client = clientFor(url);
      const token = await mintToken(url);
      const input = {
        accountType: 'CA',
        amount: '25.00',
        customerAccountToken: token,
        participantUniqueId1: 'it-payout-1',
        sourceOfFunds: 4,
      } as const;
      const first = await client.pushFunds(input);
      expect(first).toMatchObject({
        outcome: 'succeeded',
        ingoStatus: 100,
        replayed: false,
        participantUniqueId1: 'it-payout-1',
        attempts: 1,
      });
      if (first.outcome !== 'succeeded') throw new Error('unreachable');
      expect(first.transactionId).toMatch(/^[0-9]+$/);

      const again = await client.pushFunds(input);
      expect(again).toMatchObject({
        outcome: 'succeeded',
        ingoStatus: 101,
        replayed: true,
        transactionId: first.transactionId,
      });
      const listed = await transactions(url);
      expect(listed.filter((t) => t.participant_unique_id1 === 'it-payout-1')).toHaveLength(1);
    });
  });

  it('collects from a debit card (v12 body with strings)', async () => {
    await withSandbox(async (url) => {
      const token = await mintToken(url, 'debit');
      const result = await clientFor(url).pullFunds({
        accountType: 'CA',
        amountCents: 1999,
        customerAccountToken: token,
        participantUniqueId1: 'it-collect-1',
        sourceOfFunds: 4,
      });
      expect(result).toMatchObject({ outcome: 'succeeded', ingoStatus: 100, replayed: false });
      if (result.outcome !== 'succeeded') throw new Error('unreachable');
      expect(result.transactionId).toMatch(/^[0-9]+$/);
    });
  });

  it('retries a push whose answer was dropped after Ingo processed it: 101, one transaction', async () => {
    await withSandbox(async (url) => {
      const token = await mintToken(url);
      const fault = await fetch(`${url}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ target: 'ingopay', dropAfterCommit: true, count: 1 }),
      });
      expect(fault.status).toBe(201);
      const result = await clientFor(url).pushFunds({
        accountType: 'CA',
        amount: '10.00',
        customerAccountToken: token,
        participantUniqueId1: 'it-payout-dropped',
        sourceOfFunds: 4,
      });
      expect(result).toMatchObject({
        outcome: 'succeeded',
        ingoStatus: 101,
        replayed: true,
        attempts: 2,
      });
      const same = (await transactions(url)).filter(
        (t) => t.participant_unique_id1 === 'it-payout-dropped',
      );
      expect(same).toHaveLength(1);
      if (result.outcome !== 'succeeded') throw new Error('unreachable');
      expect(String(same[0]?.transaction_id)).toBe(result.transactionId);
    });
  });

  it('maps the emulator’s .70 test amount to failed 700, with a single request', async () => {
    await withSandbox(async (url) => {
      const token = await mintToken(url);
      const result = await clientFor(url).pushFunds({
        accountType: 'CA',
        amount: '12.70',
        customerAccountToken: token,
        participantUniqueId1: 'it-payout-700',
        sourceOfFunds: 4,
      });
      expect(result).toMatchObject({ outcome: 'failed', ingoStatus: 700, attempts: 1 });
      if (result.outcome !== 'failed') throw new Error('unreachable');
      expect(result.ingoMessage).toMatch(/not currently available/);
    });
  });

  it('is accepted for every account type, in both wire typings, with every optional field', async () => {
    await withSandbox(async (url) => {
      const client = clientFor(url);
      const tokens = {
        debit: await mintToken(url, 'debit'),
        ach: await mintToken(url, 'ach'),
        billpay: await mintToken(url, 'billpay'),
        paypal: await mintToken(url, 'paypal'),
        check: await mintToken(url, 'check'),
      };
      // Not .50: the emulator answers 503 for that test amount.
      const common = { amount: '1010.25', sourceOfFunds: 4, recipientPhone: '4045551234' } as const;
      const pushes = [
        {
          ...common,
          accountType: 'CA',
          customerAccountToken: tokens.debit,
          sender: { senderAccount: 's-1', firstName: 'Sam', lastName: 'Sender', state: 'GA' },
        },
        {
          ...common,
          accountType: 'AC',
          customerAccountToken: tokens.ach,
          additionalDetail: { sourceName: 'CorpDisb', descriptivePurpose: 'Reimbursement' },
        },
        { ...common, accountType: 'SD', customerAccountToken: tokens.ach },
        { ...common, accountType: 'RT', customerAccountToken: tokens.ach },
        { ...common, accountType: 'BP', customerAccountToken: tokens.billpay },
        { ...common, accountType: 'PD', customerAccountToken: tokens.paypal },
        { ...common, accountType: 'PU', customerAccountToken: tokens.paypal },
        { ...common, accountType: 'VE', customerAccountToken: tokens.paypal },
        {
          ...common,
          accountType: 'CK',
          customerAccountToken: tokens.check,
          recipientPhone: '+1 404 555 1234',
          checkMemoData: 'Refund #42',
          remittanceMemoData: 'Thank you',
        },
      ] as const;
      for (const [index, push] of pushes.entries()) {
        const result = await client.pushFunds({
          ...push,
          participantUniqueId1: `it-type-${index}`,
          participantUniqueId2: 'second-id',
          storeId: 'store-1',
          clerkId: 'clerk-1',
          terminalId: 'terminal-1',
        });
        expect({ type: push.accountType, ...result }).toMatchObject({
          type: push.accountType,
          outcome: 'succeeded',
          ingoStatus: 100,
        });
      }
      for (const accountType of ['AC', 'SD'] as const) {
        const result = await client.pullFunds({
          accountType,
          amount: '101.96',
          customerAccountToken: tokens.ach,
          participantUniqueId1: `it-pull-${accountType}`,
          participantUniqueId2: 'second-id',
          sourceOfFunds: 4,
          recipientPhone: '5555550100',
          riskAssessmentToken: '36f6b449-fa29-4f9e-919f-ad1e6433f1d5',
          additionalDetail: { sourceName: 'CorpDisb', descriptivePurpose: 'Reimbursement' },
        });
        expect(result).toMatchObject({ outcome: 'succeeded', ingoStatus: 100 });
      }
    });
  });

  it('refuses a wrong secret like Ingo: IngoAuthenticationError', async () => {
    await withSandbox(async (url) => {
      const token = await mintToken(url);
      const error = await clientFor(url, { secret: 'wrong-secret' })
        .pushFunds({
          accountType: 'CA',
          amount: '1.00',
          customerAccountToken: token,
          participantUniqueId1: 'it-payout-auth',
          sourceOfFunds: 4,
        })
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe('IngoAuthenticationError');
    });
  });
});
