// @vitest-environment jsdom
/**
 * End to end in a DOM: the SDK mounts an iframe, the hosted page is fetched from a running
 * sandbox and its script runs inside that iframe's document, and the test drives the forms by
 * their visible labels and button names. jsdom does not load cross-origin iframes, so the
 * browser's part is played by a small bridge: it delivers the page's postMessage to the parent
 * with the iframe's origin and window as the browser would, and only when the target origin
 * matches the parent's origin.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runPage } from '../src/browser/page.js';
import { createSdk, type SandboxPlugin } from '../src/browser/sdk.js';
import { EVENTS, type SandboxEventPayload } from '../src/protocol.js';
import { type RunningSandbox, startSandbox } from '../src/server.js';
import { createSession, manualClock, rawRequest, sessionBody } from './helpers.js';

const clock = manualClock();
let sandbox: RunningSandbox;
let sandboxOrigin: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: clock.now, maxAttempts: 3 });
  sandboxOrigin = new URL(sandbox.url).origin;
});
afterAll(() => sandbox.close());

interface MountOptions {
  /** Replaces parts of the page's window (e.g. no fetch). */
  window?: Record<string, unknown>;
  /** Runs after the page's HTML is in the iframe, before its script. */
  beforeRun?: (doc: Document) => void;
}

interface Harness {
  events: SandboxEventPayload[];
  targetOrigins: string[];
  instance: SandboxPlugin;
  iframe: HTMLIFrameElement;
  doc: () => Document;
  mount: (authorizedUrl: string, destination: string, options?: MountOptions) => Promise<void>;
}

let harness: Harness;

beforeEach(async () => {
  await rawRequest(sandbox.url, 'POST', '/__sandbox/reset', {});
  const container = document.createElement('div');
  document.body.append(container);
  const sdk = createSdk(window);
  const instance = sdk.create(container);
  const events: SandboxEventPayload[] = [];
  for (const name of Object.values(sdk.EVENTS)) {
    instance.addEventListener(name, (payload) => events.push(payload));
  }
  const targetOrigins: string[] = [];
  const h: Harness = {
    events,
    targetOrigins,
    instance,
    iframe: undefined as unknown as HTMLIFrameElement,
    doc: () => h.iframe.contentDocument as Document,
    async mount(authorizedUrl, destination, options = {}) {
      instance.mount(authorizedUrl, destination as never);
      h.iframe = container.querySelector('iframe') as HTMLIFrameElement;
      const page = await rawRequest(sandbox.url, 'GET', h.iframe.src, {});
      const frameWindow = h.iframe.contentWindow as Window;
      const doc = h.doc();
      doc.open();
      doc.write(page.text);
      doc.close();
      const bridge = {
        document: doc,
        navigator: window.navigator,
        Promise,
        URLSearchParams,
        postMessage: () => {},
        fetch: (input: string, init?: RequestInit) => fetch(new URL(input, sandbox.url), init),
        parent: {
          postMessage(message: unknown, targetOrigin: string) {
            targetOrigins.push(targetOrigin);
            if (targetOrigin !== window.location.origin) return;
            setTimeout(() => {
              window.dispatchEvent(
                new MessageEvent('message', {
                  data: structuredClone(message),
                  origin: sandboxOrigin,
                  source: frameWindow,
                }),
              );
            }, 0);
          },
        },
        ...options.window,
      };
      options.beforeRun?.(doc);
      runPage(bridge as unknown as Window);
    },
  };
  harness = h;
});

afterEach(() => {
  harness.instance.destroy();
  document.body.replaceChildren();
});

async function newUrl(key: string, body = sessionBody()) {
  const res = await createSession(sandbox.url, body, { now: clock.now(), idempotencyKey: key });
  return res.json().data.authorized_url as string;
}

/** Generous: the machine is shared, and nothing here asserts on timing. */
function until(assertion: () => void) {
  return vi.waitFor(assertion, { timeout: 10_000, interval: 20 });
}

function names() {
  return harness.events.map((e) => e.event_name);
}

async function waitForEvent(name: string) {
  await until(() => expect(names()).toContain(name));
  return harness.events.find((e) => e.event_name === name) as SandboxEventPayload;
}

function heading() {
  return harness.doc().querySelector('h1')?.textContent;
}

/** The control a visible <label> names (a wrapping label for radios). */
function field(label: string): HTMLInputElement {
  const doc = harness.doc();
  const match = Array.from(doc.querySelectorAll('label')).find(
    (l) => (l.querySelector('span')?.firstChild?.textContent ?? l.textContent)?.trim() === label,
  );
  if (!match) throw new Error(`no label "${label}"`);
  const control = match.htmlFor ? doc.getElementById(match.htmlFor) : match.querySelector('input');
  if (!control) throw new Error(`label "${label}" has no control`);
  return control as HTMLInputElement;
}

function fill(values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) {
    const input = field(label);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/** Continue on the form, then Confirm on the confirmation step. */
async function continueAndConfirm() {
  press('Continue');
  await until(() => expect(heading()).toBe('Confirm your account'));
  press('Confirm');
}

function press(name: string) {
  const button = Array.from(harness.doc().querySelectorAll('button')).find(
    (b) => b.textContent === name,
  );
  if (!button) throw new Error(`no button "${name}"`);
  button.click();
}

async function sessionState() {
  return (await rawRequest(sandbox.url, 'GET', '/__sandbox/sessions', {})).json().sessions[0];
}

const CARD = {
  'Card number': '4000 0566 5566 5556',
  'Expiration date (MM/YY)': '12/30',
  'Security code (CVV)': '123',
  'Name on card': 'Jane Doe',
};

describe('debit card', () => {
  it('succeeds through the confirmation step and raises TOKEN_SUCCESS with a new token', async () => {
    await harness.mount(await newUrl('debit-ok'), 'debit');
    const first = await waitForEvent(EVENTS.PAGE_LOAD);
    expect(first).toMatchObject({ page: 'DebitFunding', funding_destination: 'debit' });
    expect(first.tracer_token).toMatch(/^12345_[0-9a-f-]{36}$/);
    expect(heading()).toBe('Add your debit card');
    fill(CARD);
    press('Continue');
    await until(() => expect(heading()).toBe('Confirm your account'));
    expect(harness.doc().querySelector('dl')?.textContent).toContain('•••• 5556');
    press('Confirm');
    const token = await waitForEvent(EVENTS.TOKEN_SUCCESS);
    expect(heading()).toBe('Account added');
    const state = await sessionState();
    expect(token).toMatchObject({
      session_identifier: state.session_identifier,
      funding_destination: 'debit',
      customer_account_token: state.customer_account_token,
    });
    expect(
      harness.events.filter((e) => e.event_name === EVENTS.PAGE_LOAD).map((e) => e.page),
    ).toEqual(['DebitFunding', 'DebitConfirmation', 'DebitSuccess']);
    expect(new Set(harness.targetOrigins)).toEqual(new Set([window.location.origin]));
  });

  it('shows inline errors next to the fields and sends nothing to the server', async () => {
    await harness.mount(await newUrl('debit-inline'), 'debit');
    await waitForEvent(EVENTS.PAGE_LOAD);
    fill({
      'Card number': '4111 1111 1111 1112',
      'Expiration date (MM/YY)': '13/30',
      'Security code (CVV)': '1',
    });
    press('Continue');
    const number = field('Card number');
    expect(number.getAttribute('aria-invalid')).toBe('true');
    const describedBy = harness.doc().getElementById(number.getAttribute('aria-describedby') ?? '');
    expect(describedBy?.textContent).toBe('Enter a valid card number.');
    expect(field('Name on card').getAttribute('aria-invalid')).toBe('true');
    expect(harness.doc().activeElement).toBe(number);
    expect(harness.doc().querySelector('[role="alert"]')?.textContent).toBe(
      'Please correct the highlighted fields.',
    );
    expect((await sessionState()).log.map((l: { what: string }) => l.what)).not.toContain(
      'verified',
    );
  });
});

describe('credit card failures and the attempt limit', () => {
  it('TERMINAL_FAILURE with the code, then ACKNOWLEDGED; retries via re-authorization until MAX_VERIFICATION_ATTEMPTS_EXCEEDED', async () => {
    const failing = { ...CARD, 'Card number': '4000000000000002' };
    for (let attempt = 1; attempt <= 2; attempt++) {
      harness.events.length = 0;
      await harness.mount(await newUrl('credit-fail'), 'credit');
      await waitForEvent(EVENTS.PAGE_LOAD);
      fill(failing);
      await continueAndConfirm();
      const failure = await waitForEvent(EVENTS.TERMINAL_FAILURE);
      expect(failure).toMatchObject({ error: '700', funding_destination: 'credit' });
      expect(heading()).toBe('We couldn’t verify this account');
      expect(harness.doc().body.textContent).toContain(`You have ${3 - attempt} attempt(s) left`);
      press('Continue');
      expect((await waitForEvent(EVENTS.TERMINAL_FAILURE_ACKNOWLEDGED)).error).toBe('700');
    }
    harness.events.length = 0;
    await harness.mount(await newUrl('credit-fail'), 'credit');
    await waitForEvent(EVENTS.PAGE_LOAD);
    fill(failing);
    await continueAndConfirm();
    const max = await waitForEvent(EVENTS.MAX_VERIFICATION_ATTEMPTS_EXCEEDED);
    expect(max.error).toBe('1127');
    expect(names()).not.toContain(EVENTS.TERMINAL_FAILURE);
    expect(heading()).toBe('Too many attempts');
    expect((await sessionState()).state).toBe('terminated');

    harness.events.length = 0;
    await harness.mount(await newUrl('credit-fail'), 'credit');
    expect((await waitForEvent(EVENTS.SESSION_ERROR)).error).toBe('ended');
    expect(heading()).toBe('This form can’t be opened');
  });
});

describe('ACH', () => {
  it('succeeds with a valid routing number and checking account', async () => {
    await harness.mount(await newUrl('ach-ok'), 'ach');
    await waitForEvent(EVENTS.PAGE_LOAD);
    fill({ 'Routing number': '011000016', 'Account number': '123456789' });
    press('Continue');
    expect(harness.doc().getElementById('field-routing_number-error')?.textContent).toBe(
      'Enter a valid 9-digit routing number.',
    );
    expect(harness.doc().getElementById('field-account_type-error')?.textContent).toBe(
      'This field is required.',
    );
    fill({ 'Routing number': '011000015' });
    field('Checking').checked = true;
    press('Continue');
    await until(() => expect(heading()).toBe('Confirm your account'));
    expect(harness.doc().querySelector('dl')?.textContent).toContain('Checking');
    press('Confirm');
    expect((await waitForEvent(EVENTS.TOKEN_SUCCESS)).funding_destination).toBe('ach');
  });

  it('an account that cannot be verified raises ACCOUNT_COULD_NOT_BE_VERIFIED and returns to the form', async () => {
    await harness.mount(await newUrl('ach-unverifiable'), 'ach');
    await waitForEvent(EVENTS.PAGE_LOAD);
    fill({ 'Routing number': '011000015', 'Account number': '2222333344' });
    field('Savings').checked = true;
    await continueAndConfirm();
    await waitForEvent(EVENTS.ACCOUNT_COULD_NOT_BE_VERIFIED);
    expect(harness.doc().querySelector('[role="alert"]')?.textContent).toMatch(
      /could not verify this account/,
    );
    expect(heading()).toBe('Add your bank account');
  });
});

describe('BillPay', () => {
  it('reports a search with no match, then finds a biller and succeeds', async () => {
    await harness.mount(await newUrl('billpay'), 'billpay');
    await waitForEvent(EVENTS.PAGE_LOAD);
    fill({ 'Biller name': 'zzz' });
    press('Search');
    expect((await waitForEvent(EVENTS.BILLPAY_SEARCH_NO_MATCH_FOUND)).query).toBe('zzz');
    expect(harness.doc().getElementById('biller-search-message')?.textContent).toMatch(
      /No billers match “zzz”/,
    );
    fill({ 'Biller name': 'electric' });
    press('Search');
    await until(() => expect(field('Sandbox Electric Company').checked).toBe(true));
    fill({ 'Account number at biller': 'ACCT-1234' });
    press('Continue');
    await until(() => expect(heading()).toBe('Confirm your account'));
    expect(harness.doc().querySelector('dl')?.textContent).toContain('Sandbox Electric Company');
    press('Confirm');
    expect((await waitForEvent(EVENTS.TOKEN_SUCCESS)).funding_destination).toBe('billpay');
  });
});

describe('PayPal', () => {
  it('cancel on the confirmation step raises FUNDING_CANCELED', async () => {
    await harness.mount(await newUrl('paypal'), 'paypal');
    await waitForEvent(EVENTS.PAGE_LOAD);
    fill({ 'PayPal email address': 'jane.doe@example.com' });
    press('Continue');
    await until(() => expect(heading()).toBe('Confirm your account'));
    press('Cancel');
    expect((await waitForEvent(EVENTS.FUNDING_CANCELED)).funding_destination).toBe('paypal');
    expect(heading()).toBe('Canceled');
    expect(names()).not.toContain(EVENTS.TOKEN_SUCCESS);
  });

  it('a declined account fails verification with its code', async () => {
    await harness.mount(await newUrl('paypal-declined'), 'paypal');
    await waitForEvent(EVENTS.PAGE_LOAD);
    fill({ 'PayPal email address': 'declined@example.com' });
    await continueAndConfirm();
    expect((await waitForEvent(EVENTS.TERMINAL_FAILURE)).error).toBe('700');
  });
});

describe('error pages and environment', () => {
  it('an expired URL shows an error page and raises SESSION_EXPIRED', async () => {
    const url = await newUrl('expired');
    clock.advance(31);
    await harness.mount(url, 'debit');
    expect((await waitForEvent(EVENTS.SESSION_EXPIRED)).error).toBe('expired');
    expect(heading()).toBe('This link has expired');
    expect(names()).not.toContain(EVENTS.PAGE_LOAD);
  });

  it('a reused URL raises SESSION_ERROR', async () => {
    const url = await newUrl('reused');
    await harness.mount(url, 'debit');
    await waitForEvent(EVENTS.PAGE_LOAD);
    harness.events.length = 0;
    await harness.mount(url, 'debit');
    expect((await waitForEvent(EVENTS.SESSION_ERROR)).error).toBe('used');
  });

  it('es-US renders translated labels', async () => {
    await harness.mount(
      await newUrl('es', sessionBody({ language_locale_code: 'es-US' })),
      'debit',
    );
    await waitForEvent(EVENTS.PAGE_LOAD);
    expect(heading()).toBe('Agrega tu tarjeta de débito');
    expect(field('Número de tarjeta')).toBeTruthy();
    expect(harness.doc().documentElement.lang).toBe('es-US');
  });

  it('a failing page API call raises PLUGIN_ERROR and the user can try again', async () => {
    await harness.mount(await newUrl('plugin-error'), 'debit');
    await waitForEvent(EVENTS.PAGE_LOAD);
    await rawRequest(
      sandbox.url,
      'POST',
      '/__sandbox/faults',
      {},
      JSON.stringify({ target: 'page-api', status: 503, count: 1 }),
    );
    fill(CARD);
    press('Continue');
    expect((await waitForEvent(EVENTS.PLUGIN_ERROR)).error).toBe('http_503');
    expect(harness.doc().querySelector('[role="alert"]')?.textContent).toMatch(
      /couldn’t reach the server/,
    );
    press('Continue');
    await until(() => expect(heading()).toBe('Confirm your account'));
  });

  it('a browser without fetch gets UNSUPPORTED_BROWSER_DETECTED', async () => {
    await harness.mount(await newUrl('old-browser'), 'debit', { window: { fetch: undefined } });
    await waitForEvent(EVENTS.UNSUPPORTED_BROWSER_DETECTED);
    expect(heading()).toBe('Your browser is not supported');
  });

  it('the iframe grows to the height the page reports', async () => {
    await harness.mount(await newUrl('height'), 'paypal', {
      beforeRun(doc) {
        const shell = doc.getElementById('ingo-sandbox-app') as HTMLElement;
        // jsdom has no layout: give the page a height to report.
        shell.getBoundingClientRect = () => ({ height: 731.2 }) as DOMRect;
      },
    });
    await until(() => expect(harness.iframe.style.height).toBe('732px'));
  });
});
