// @vitest-environment jsdom
/**
 * The whole path a customer takes: the SDK mounts the hosted page, the recipient adds a bank
 * account, TOKEN_SUCCESS hands over the token, and the host's server pushes and pulls with it.
 * Driven like test/page-flows.test.ts (the page script runs in the iframe's document; a small
 * bridge plays the browser's postMessage).
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runPage } from '../src/browser/page.js';
import { createSdk } from '../src/browser/sdk.js';
import { PULL_PATH, PUSH_PATH } from '../src/ingopay.js';
import { EVENTS, type SandboxEventPayload } from '../src/protocol.js';
import { type RunningSandbox, startSandbox } from '../src/server.js';
import { createSession, ingoPayRequest, pullBody, pushBody, rawRequest } from './helpers.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

it('a token from TOKEN_SUCCESS is accepted for ACH push and pull, and refused for a card push', async () => {
  const session = (
    await createSession(sandbox.url, undefined, { idempotencyKey: 'ingopay-flow' })
  ).json().data;

  const container = document.createElement('div');
  document.body.append(container);
  const sdk = createSdk(window);
  const instance = sdk.create(container);
  const events: SandboxEventPayload[] = [];
  for (const name of Object.values(sdk.EVENTS)) {
    instance.addEventListener(name, (payload) => events.push(payload));
  }
  instance.mount(session.authorized_url, 'ach');
  const iframe = container.querySelector('iframe') as HTMLIFrameElement;
  const page = await rawRequest(sandbox.url, 'GET', iframe.src, {});
  const frameWindow = iframe.contentWindow as Window;
  const doc = iframe.contentDocument as Document;
  doc.open();
  doc.write(page.text);
  doc.close();
  const origin = new URL(sandbox.url).origin;
  runPage({
    document: doc,
    navigator: window.navigator,
    Promise,
    URLSearchParams,
    postMessage: () => {},
    fetch: (input: string, init?: RequestInit) => fetch(new URL(input, sandbox.url), init),
    parent: {
      postMessage(message: unknown, targetOrigin: string) {
        if (targetOrigin !== window.location.origin) return;
        setTimeout(() => {
          window.dispatchEvent(
            new MessageEvent('message', {
              data: structuredClone(message),
              origin,
              source: frameWindow,
            }),
          );
        }, 0);
      },
    },
  } as unknown as Window);

  const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000, interval: 20 });
  const heading = () => doc.querySelector('h1')?.textContent;
  const input = (label: string) => {
    const match = Array.from(doc.querySelectorAll('label')).find(
      (l) => (l.querySelector('span')?.firstChild?.textContent ?? l.textContent)?.trim() === label,
    );
    if (!match) throw new Error(`no label "${label}"`);
    return (
      match.htmlFor ? doc.getElementById(match.htmlFor) : match.querySelector('input')
    ) as HTMLInputElement;
  };
  const press = (name: string) =>
    Array.from(doc.querySelectorAll('button'))
      .find((b) => b.textContent === name)
      ?.click();

  await until(() => expect(heading()).toBe('Add your bank account'));
  for (const [label, value] of [
    ['Routing number', '011000015'],
    ['Account number', '123456789'],
  ] as const) {
    const field = input(label);
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
  input('Checking').checked = true;
  press('Continue');
  await until(() => expect(heading()).toBe('Confirm your account'));
  press('Confirm');
  await until(() => expect(events.map((e) => e.event_name)).toContain(EVENTS.TOKEN_SUCCESS));
  const token = events.find((e) => e.event_name === EVENTS.TOKEN_SUCCESS)
    ?.customer_account_token as string;
  instance.destroy();

  const pushed = await ingoPayRequest(
    sandbox.url,
    PUSH_PATH,
    pushBody(token, Date.now(), { account_type: 'AC' }),
  );
  expect(pushed.json()).toMatchObject({ status: 100, data: { customer_account_token: token } });
  const pulled = await ingoPayRequest(sandbox.url, PULL_PATH, pullBody(token, Date.now()));
  expect(pulled.json().response.status).toBe('100');
  const card = await ingoPayRequest(
    sandbox.url,
    PUSH_PATH,
    pushBody(token, Date.now(), { account_type: 'CA', participant_unique_id1: 'card' }),
  );
  expect(card.json().status).toBe(761);
});
