import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PAGE_TOKEN_HEADER } from '../src/protocol.js';
import { type RunningSandbox, startSandbox } from '../src/server.js';
import {
  bootstrapOf,
  createSession,
  manualClock,
  mountUrl,
  rawRequest,
  sessionBody,
} from './helpers.js';

const clock = manualClock(Date.parse('2026-03-02T10:00:00Z'));
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    now: clock.now,
    maxAttempts: 3,
    allowedOrigins: ['http://localhost:*', 'https://app.example.com'],
  });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await rawRequest(sandbox.url, 'POST', '/__sandbox/reset', {});
});

async function newSession(key = 'key-1', body = sessionBody()) {
  const res = await createSession(sandbox.url, body, { now: clock.now(), idempotencyKey: key });
  expect([100, 101]).toContain(res.json().status);
  return res.json().data as { session_identifier: string; authorized_url: string };
}

async function open(url: string) {
  const res = await rawRequest(sandbox.url, 'GET', url, {});
  return { res, boot: bootstrapOf(res.text) };
}

async function sessionLog(id: string) {
  const sessions = (await rawRequest(sandbox.url, 'GET', '/__sandbox/sessions', {})).json()
    .sessions;
  return sessions.find((s: { session_identifier: string }) => s.session_identifier === id);
}

/** The page's own API, as the page script calls it. */
function pageApi(boot: { apiBase: string; pageToken: string; destination: string }) {
  const headers = { 'content-type': 'application/json', [PAGE_TOKEN_HEADER]: boot.pageToken };
  return {
    account: (account: Record<string, string>, destination = boot.destination) =>
      rawRequest(
        sandbox.url,
        'POST',
        `${boot.apiBase}/account`,
        headers,
        JSON.stringify({ destination, account }),
      ),
    confirm: () => rawRequest(sandbox.url, 'POST', `${boot.apiBase}/confirm`, headers, '{}'),
    /** Continue on the form, then Confirm: the answer of the confirmation step. */
    async submit(account: Record<string, string>) {
      const entered = await this.account(account);
      expect(entered.json().result).toBe('ok');
      return (await this.confirm()).json();
    },
    cancel: () => rawRequest(sandbox.url, 'POST', `${boot.apiBase}/cancel`, headers, '{}'),
    billers: (q: string) =>
      rawRequest(sandbox.url, 'GET', `${boot.apiBase}/billers?q=${encodeURIComponent(q)}`, headers),
  };
}

const GOOD: Record<string, Record<string, string>> = {
  debit: { card_number: '4000 0566 5566 5556', expiration: '12/30', cvv: '123', name: 'Jane Doe' },
  credit: { card_number: '4111111111111111', expiration: '01/29', cvv: '1234', name: 'Jane Doe' },
  ach: { routing_number: '011000015', account_number: '123456789', account_type: 'checking' },
  billpay: { biller_id: 'blr_1001', account_number: 'ACCT-1234' },
  paypal: { email: 'jane.doe@example.com' },
};
const FAILING: Record<string, [Record<string, string>, string]> = {
  debit: [{ ...GOOD.debit, card_number: '4000000000000002' }, '700'],
  credit: [{ ...GOOD.credit, card_number: '4000000000000119' }, '1105'],
  ach: [{ ...GOOD.ach, account_number: '1111222233' }, '1042'],
  billpay: [{ ...GOOD.billpay, account_number: '9999999999' }, '700'],
  paypal: [{ email: 'declined@example.com' }, '700'],
};
const UNVERIFIABLE: Record<string, Record<string, string>> = {
  debit: { ...GOOD.debit, card_number: '4000000000000069' },
  credit: { ...GOOD.credit, card_number: '4000000000000069' },
  ach: { ...GOOD.ach, account_number: '2222333344' },
  billpay: { ...GOOD.billpay, account_number: '8888888888' },
  paypal: { email: 'unverified@example.com' },
};

describe('hosted page: loading an authorized URL', () => {
  it('serves the flow page with the mount details and a frame-ancestors CSP', async () => {
    const data = await newSession();
    const { res, boot } = await open(mountUrl(data.authorized_url, 'debit'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain(
      'frame-ancestors http://localhost:* https://app.example.com',
    );
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(boot).toMatchObject({
      kind: 'flow',
      sessionId: data.session_identifier,
      destination: 'debit',
      parentOrigin: 'http://localhost:3000',
      channel: 'test-channel',
      locale: 'en-US',
    });
    expect(boot.tracerToken).toMatch(/^12345_[0-9a-f-]{36}$/);
    expect(boot.strings.label_card_number).toBe('Card number');
  });

  it('is single-use: a second load shows an error and raises SESSION_ERROR', async () => {
    const data = await newSession();
    await open(mountUrl(data.authorized_url, 'debit'));
    const { res, boot } = await open(mountUrl(data.authorized_url, 'debit'));
    expect(res.status).toBe(410);
    expect(boot).toMatchObject({
      kind: 'error',
      event: 'SESSION_ERROR',
      reason: 'used',
      parentOrigin: 'http://localhost:3000',
    });
  });

  it('expires after the URL TTL and raises SESSION_EXPIRED; re-authorizing gives a working URL', async () => {
    const data = await newSession('key-expiry');
    clock.advance(30);
    const atLimit = await open(mountUrl(data.authorized_url, 'ach'));
    expect(atLimit.boot.kind).toBe('flow');

    const second = await newSession('key-expiry');
    clock.advance(31);
    const late = await open(mountUrl(second.authorized_url, 'ach'));
    expect(late.res.status).toBe(410);
    expect(late.boot).toMatchObject({ kind: 'error', event: 'SESSION_EXPIRED', reason: 'expired' });

    const third = await newSession('key-expiry');
    expect(third.session_identifier).toBe(data.session_identifier);
    expect((await open(mountUrl(third.authorized_url, 'ach'))).boot.kind).toBe('flow');
  });

  it('rejects a tampered tag, time or session id with SESSION_ERROR', async () => {
    const data = await newSession();
    const url = new URL(data.authorized_url);
    const t = url.searchParams.get('t') ?? '';
    const variants = [
      data.authorized_url.replace(/&h=.*/, '&h=AAAA'),
      data.authorized_url.replace(`t=${t}`, `t=${BigInt(t) + 10_000_000n}`),
      data.authorized_url.replace(data.session_identifier, '00000000-0000-4000-8000-000000000000'),
      data.authorized_url.replace(/\?.*/, ''),
    ];
    for (const variant of variants) {
      const { res, boot } = await open(mountUrl(variant, 'debit'));
      expect(res.status).toBe(403);
      expect(boot).toMatchObject({ kind: 'error', event: 'SESSION_ERROR', reason: 'tampered' });
    }
    // The untouched URL still works: tampered attempts did not consume it.
    expect((await open(mountUrl(data.authorized_url, 'debit'))).boot.kind).toBe('flow');
  });

  it('refuses a parent origin outside --allowed-origins and stays silent', async () => {
    const data = await newSession();
    const { res, boot } = await open(
      mountUrl(data.authorized_url, 'debit', 'https://evil.example.com'),
    );
    expect(res.status).toBe(403);
    expect(boot).toMatchObject({ kind: 'error', event: 'PLUGIN_ERROR', reason: 'origin' });
    expect(boot.parentOrigin).toBeUndefined();
    expect(
      (await open(mountUrl(data.authorized_url, 'debit', 'https://app.example.com'))).boot.kind,
    ).toBe('flow');
  });

  it('reports an unknown destination as PLUGIN_ERROR', async () => {
    const data = await newSession();
    const { res, boot } = await open(mountUrl(data.authorized_url, 'cash'));
    expect(res.status).toBe(400);
    expect(boot).toMatchObject({ kind: 'error', event: 'PLUGIN_ERROR', reason: 'destination' });
  });

  it('translates to es-US and falls back to en-US for other documented locales', async () => {
    const es = await newSession('k-es', sessionBody({ language_locale_code: 'es-US' }));
    const esPage = await open(mountUrl(es.authorized_url, 'debit'));
    expect(esPage.boot.locale).toBe('es-US');
    expect(esPage.boot.strings.label_card_number).toBe('Número de tarjeta');
    expect(esPage.res.text).toContain('<html lang="es-US">');
    const fr = await newSession('k-fr', sessionBody({ language_locale_code: 'fr-FR' }));
    const frPage = await open(mountUrl(fr.authorized_url, 'debit'));
    expect(frPage.boot.locale).toBe('en-US');
    expect(frPage.boot.strings.button_continue).toBe('Continue');
  });
});

describe('flows through the page API', () => {
  for (const destination of ['debit', 'credit', 'ach', 'billpay', 'paypal']) {
    it(`${destination}: Continue keeps the account, Confirm verifies it and issues a token`, async () => {
      const data = await newSession(`ok-${destination}`);
      const { boot } = await open(mountUrl(data.authorized_url, destination));
      const api = pageApi(boot);
      const entered = await api.account(GOOD[destination] as Record<string, string>);
      expect(entered.json()).toMatchObject({ result: 'ok' });
      // The confirmation summary never repeats a full card or account number.
      expect(JSON.stringify(entered.json().summary)).not.toMatch(/4000056655665556|123456789\b/);
      expect((await sessionLog(data.session_identifier)).state).toBe('active');
      const confirmed = await api.confirm();
      expect(confirmed.status).toBe(200);
      expect(confirmed.json().result).toBe('verified');
      const token = confirmed.json().customer_account_token;
      expect(token).toMatch(/^[0-9a-f-]{36}$/);
      const log = await sessionLog(data.session_identifier);
      expect(log).toMatchObject({ state: 'completed', customer_account_token: token, destination });
      // A completed session cannot be mounted again.
      const again = await newSession(`ok-${destination}`);
      expect((await open(mountUrl(again.authorized_url, destination))).boot).toMatchObject({
        event: 'SESSION_ERROR',
        reason: 'ended',
      });
    });

    it(`${destination}: a failing value gives its Ingo code, and the attempt limit terminates the session`, async () => {
      const [account, code] = FAILING[destination] as [Record<string, string>, string];
      const key = `fail-${destination}`;
      for (let attempt = 1; attempt <= 2; attempt++) {
        const data = await newSession(key);
        const { boot } = await open(mountUrl(data.authorized_url, destination));
        const api = pageApi(boot);
        expect(await api.submit(account)).toEqual({
          result: 'failed',
          error: code,
          attempts_left: 3 - attempt,
        });
        // The failed mount is spent: the host must re-authorize and mount again.
        expect((await api.account(GOOD[destination] as Record<string, string>)).status).toBe(409);
      }
      const data = await newSession(key);
      const { boot } = await open(mountUrl(data.authorized_url, destination));
      expect(await pageApi(boot).submit(account)).toEqual({
        result: 'max_attempts_exceeded',
        error: '1127',
      });
      const log = await sessionLog(data.session_identifier);
      expect(log).toMatchObject({ state: 'terminated', failed_attempts: 3 });
      const after = await newSession(key);
      expect((await open(mountUrl(after.authorized_url, destination))).boot).toMatchObject({
        event: 'SESSION_ERROR',
        reason: 'ended',
      });
    });

    it(`${destination}: an unverifiable value does not count as an attempt`, async () => {
      const data = await newSession(`unverifiable-${destination}`);
      const { boot } = await open(mountUrl(data.authorized_url, destination));
      const api = pageApi(boot);
      expect(await api.submit(UNVERIFIABLE[destination] as Record<string, string>)).toEqual({
        result: 'not_verified',
      });
      expect((await api.submit(GOOD[destination] as Record<string, string>)).result).toBe(
        'verified',
      );
      expect((await sessionLog(data.session_identifier)).failed_attempts).toBe(0);
    });
  }

  it('re-checks the input on the server and names the bad fields', async () => {
    const card = await open(mountUrl((await newSession('bad-card')).authorized_url, 'debit'));
    const cardErrors = (
      await pageApi(card.boot).account({
        card_number: '4111111111111112',
        expiration: '13/30',
        cvv: '12',
        name: '',
      })
    ).json();
    expect(cardErrors.result).toBe('invalid');
    expect(cardErrors.errors).toEqual([
      { field: 'card_number', message: 'card_number_invalid' },
      { field: 'expiration', message: 'expiry_invalid' },
      { field: 'cvv', message: 'cvv_invalid' },
      { field: 'name', message: 'required' },
    ]);
    const expired = (
      await pageApi(card.boot).account({ ...GOOD.debit, expiration: '01/26' } as Record<
        string,
        string
      >)
    ).json();
    expect(expired.errors).toEqual([{ field: 'expiration', message: 'expiry_past' }]);

    const ach = await open(mountUrl((await newSession('bad-ach')).authorized_url, 'ach'));
    const achErrors = (
      await pageApi(ach.boot).account({
        routing_number: '011000016',
        account_number: '12',
        account_type: 'money-market',
      })
    ).json();
    expect(achErrors.errors.map((e: { field: string }) => e.field)).toEqual([
      'routing_number',
      'account_number',
      'account_type',
    ]);

    const bill = await open(mountUrl((await newSession('bad-bill')).authorized_url, 'billpay'));
    const billErrors = (
      await pageApi(bill.boot).account({ biller_id: 'blr_nope', account_number: 'ACCT-1234' })
    ).json();
    expect(billErrors.errors).toEqual([{ field: 'biller_id', message: 'biller_unknown' }]);
  });

  it('rejects an account for another destination than the mount', async () => {
    const { boot } = await open(mountUrl((await newSession()).authorized_url, 'debit'));
    const res = await pageApi(boot).account(GOOD.paypal as Record<string, string>, 'paypal');
    expect(res.status).toBe(400);
    expect(res.json().client_message).toMatch(/destination must be "debit"/);
  });

  it('billpay search finds billers and reports no match', async () => {
    const { boot } = await open(mountUrl((await newSession()).authorized_url, 'billpay'));
    const found = (await pageApi(boot).billers('sandbox')).json().billers;
    expect(found.map((b: { name: string }) => b.name)).toEqual([
      'Sandbox Electric Company',
      'Sandbox Water & Sewer',
      'Sandbox Wireless',
    ]);
    expect((await pageApi(boot).billers('zzz')).json().billers).toEqual([]);
    const log = await sessionLog(boot.sessionId);
    expect(log.log.map((entry: { what: string }) => entry.what)).toContain(
      'biller_search_no_match',
    );
  });

  it('cancel keeps the session active and ends only this mount', async () => {
    const data = await newSession('cancel');
    const { boot } = await open(mountUrl(data.authorized_url, 'paypal'));
    expect((await pageApi(boot).cancel()).status).toBe(200);
    expect((await pageApi(boot).account(GOOD.paypal as Record<string, string>)).status).toBe(409);
    expect((await sessionLog(data.session_identifier)).state).toBe('active');
    const again = await newSession('cancel');
    const next = await open(mountUrl(again.authorized_url, 'debit'));
    expect(next.boot.kind).toBe('flow');
  });

  it('only the newest mount of a session may act, and Confirm needs an entered account', async () => {
    const first = await open(mountUrl((await newSession('two')).authorized_url, 'debit'));
    const second = await open(mountUrl((await newSession('two')).authorized_url, 'debit'));
    expect((await pageApi(first.boot).account(GOOD.debit as Record<string, string>)).status).toBe(
      409,
    );
    expect((await pageApi(second.boot).confirm()).json().error).toBe('nothing_to_confirm');
    expect(
      (
        await pageApi({ ...second.boot, pageToken: 'forged' }).account(
          GOOD.debit as Record<string, string>,
        )
      ).status,
    ).toBe(409);
  });
});
