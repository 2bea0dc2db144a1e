import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IngoEvent } from '@ingo-embed/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESTINATIONS,
  describe as describeEvent,
  emptyRecipient,
  invalidFields,
  loadRecipient,
  RECIPIENT_FIELDS,
  RECIPIENT_STATUS,
  DemoRequestError,
  saveRecipient,
} from '../src/page.js';
import { createDemoMiddleware } from '../src/vite.js';

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
  it('imports nothing at runtime: it is bundled into the browser pages', () => {
    const source = readFileSync(new URL('../src/page.ts', import.meta.url), 'utf8');
    const imports = source.match(/^import .*$/gm) ?? [];
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type /);
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

  describe('against the demo server', () => {
    let server: Server;
    let base: string;

    beforeAll(async () => {
      const middleware = createDemoMiddleware({ env: {} });
      server = createServer((req, res) => middleware(req, res, () => res.end()));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('reads the fields the server refuses', async () => {
      // Node's fetch needs an absolute URL and keeps no cookies: the server makes a new visitor.
      const fetchFn = ((url: string, init?: RequestInit) =>
        fetch(new URL(url, base), init)) as typeof fetch;
      const recipient = await loadRecipient(fetchFn);
      expect(recipient.firstName).toBe('Jane');
      const failure = await saveRecipient({ ...recipient, zipCode: 'nope' }, fetchFn).catch(
        (error) => error,
      );
      expect(invalidFields(failure)).toEqual(['zipCode']);
      expect(RECIPIENT_STATUS.saveFailed(failure)).toMatch(/^Not saved: Check: zipCode /);
    });
  });
});
