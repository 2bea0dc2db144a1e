// @vitest-environment jsdom
/**
 * The event payload envelope: the SDK and the hosted page (in jsdom, as in page-flows.test.ts)
 * against an in-process sandbox per shape. Each shape reaches the listeners as documented, and
 * a reader that accepts both shapes (as @ingo-embed/core's normalizeEvent does) sees the same
 * fields in all three.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSandbox, type Sandbox } from '../src/app.js';
import { runPage } from '../src/browser/page.js';
import { createSdk } from '../src/browser/sdk.js';
import { SESSION_CREATE_PATH } from '../src/config.js';
import { EVENT_ENVELOPES, EVENTS, type EventEnvelope } from '../src/protocol.js';
import { sessionBody, signedHeaders } from './helpers.js';

const BASE = 'http://sandbox.test';
type Payload = Record<string, unknown>;

/** What core's normalizeEvent reads: the payload with a `content` wrapper merged in. */
function read(payload: Payload): Payload {
  return { ...payload, ...(payload.content as Payload | undefined) };
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  document.body.replaceChildren();
});

async function mountWith(envelope: EventEnvelope | 'option-default', key: string) {
  sandbox = createSandbox(envelope === 'option-default' ? {} : { eventEnvelope: envelope });
  const app = sandbox;
  const raw = JSON.stringify(sessionBody());
  const created = await app.fetch(`${BASE}${SESSION_CREATE_PATH}`, {
    method: 'POST',
    headers: signedHeaders(raw, { idempotencyKey: key }),
    body: raw,
  });
  const { data } = await created.json();
  const container = document.createElement('div');
  document.body.append(container);
  const instance = createSdk(window).create(container);
  const events: Payload[] = [];
  for (const name of Object.values(EVENTS)) {
    instance.addEventListener(name, (payload) => events.push(payload as Payload));
  }
  instance.mount(data.authorized_url, 'debit');
  const iframe = container.querySelector('iframe') as HTMLIFrameElement;
  const page = await app.fetch(iframe.src);
  const frameWindow = iframe.contentWindow as Window;
  const doc = iframe.contentDocument as Document;
  doc.open();
  doc.write(await page.text());
  doc.close();
  runPage({
    document: doc,
    navigator: window.navigator,
    Promise,
    URLSearchParams,
    postMessage: () => {},
    fetch: (input: string, init?: RequestInit) => app.fetch(new URL(input, BASE), init),
    parent: {
      postMessage(message: unknown, targetOrigin: string) {
        if (targetOrigin !== window.location.origin) return;
        setTimeout(() => {
          window.dispatchEvent(
            new MessageEvent('message', {
              data: structuredClone(message),
              origin: BASE,
              source: frameWindow,
            }),
          );
        }, 0);
      },
    },
  } as unknown as Window);

  const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000, interval: 20 });
  const press = (name: string) =>
    Array.from(doc.querySelectorAll('button'))
      .find((b) => b.textContent === name)
      ?.click();
  const enterCard = async (number: string) => {
    const values: Record<string, string> = {
      card_number: number,
      expiration: '12/34',
      cvv: '123',
      name: 'Jane Doe',
    };
    for (const [name, value] of Object.entries(values)) {
      (doc.querySelector(`[name="${name}"]`) as HTMLInputElement).value = value;
    }
    press('Continue');
    await until(() => expect(doc.querySelector('h1')?.textContent).toBe('Confirm your account'));
    press('Confirm');
  };
  const waitFor = async (name: string) => {
    await until(() => expect(events.map((e) => e.event_name)).toContain(name));
    return events.find((e) => e.event_name === name) as Payload;
  };
  return { data, events, enterCard, waitFor, instance };
}

describe('event envelope', () => {
  it('defaults to flat payloads (Ingo’s current docs)', async () => {
    const { waitFor } = await mountWith('option-default', 'default');
    const pageLoad = await waitFor(EVENTS.PAGE_LOAD);
    expect(pageLoad).toMatchObject({ page: 'DebitFunding', funding_destination: 'debit' });
    expect(pageLoad.content).toBeUndefined();
  });

  for (const envelope of EVENT_ENVELOPES) {
    it(`${envelope}: TOKEN_SUCCESS and TERMINAL_FAILURE reach the listeners in that shape`, async () => {
      const { data, enterCard, waitFor } = await mountWith(envelope, `shape-${envelope}`);
      await enterCard('4000000000000002');
      const failure = await waitFor(EVENTS.TERMINAL_FAILURE);
      const pageLoad = await waitFor(EVENTS.PAGE_LOAD);
      const expected = {
        event_name: EVENTS.TERMINAL_FAILURE,
        session_identifier: data.session_identifier,
        funding_destination: 'debit',
        error: '700',
      };
      if (envelope === 'flat') {
        expect(failure).toMatchObject(expected);
        expect(failure.content).toBeUndefined();
        expect(pageLoad.page).toBe('DebitFunding');
      } else if (envelope === 'content') {
        expect(Object.keys(failure).sort()).toEqual(['content', 'event_name']);
        expect(failure.content).toMatchObject(expected);
        // Ingo's older docs: data.content.page
        expect((pageLoad.content as Payload).page).toBe('DebitFunding');
      } else {
        expect(failure).toMatchObject(expected);
        expect(failure.content).toMatchObject(expected);
      }
      // A reader of both shapes (core) sees the same fields whatever the envelope.
      expect(read(failure)).toMatchObject(expected);
      expect(read(failure).tracer_token).toMatch(/^12345_/);
    });
  }

  it('the same normalized TOKEN_SUCCESS from every shape', async () => {
    const seen: Payload[] = [];
    for (const envelope of EVENT_ENVELOPES) {
      const { enterCard, waitFor, instance } = await mountWith(envelope, `token-${envelope}`);
      await enterCard('4111111111111111');
      const token = read(await waitFor(EVENTS.TOKEN_SUCCESS));
      expect(token.customer_account_token).toMatch(/^[0-9a-f-]{36}$/);
      const { content: _content, ...fields } = token;
      seen.push({
        ...fields,
        customer_account_token: 'x',
        session_identifier: 'x',
        tracer_token: 'x',
      });
      instance.destroy();
      await sandbox?.close();
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });
});
