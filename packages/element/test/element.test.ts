import { installFakeIngo } from '@ingo-embed/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { type IngoEmbedError, IngoFundingFormElement } from '../src/index.js';
import {
  authorizedUrl,
  createForm,
  deferred,
  iframesOf,
  record,
  SDK_URL,
  sessionFunction,
  settle,
  shownChildren,
} from './helpers.js';

/** The placeholder, the failure view and a view of another state, as a page writes them. */
function withViews(form: IngoFundingFormElement) {
  form.innerHTML =
    '<p slot="loading">Loading…</p><p slot="failure">Could not load</p>' +
    '<p slot="tokenized">Account added</p><p>Not in any slot</p>';
  return form;
}

describe('<ingo-funding-form> attributes', () => {
  it('mount the form in the element with the session endpoint’s answer', async () => {
    const fake = installFakeIngo();
    const url = authorizedUrl();
    const fetch = vi.fn(
      async (_url: string, _init: RequestInit) =>
        new Response(JSON.stringify({ authorizedUrl: url, sdkUrl: SDK_URL }), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    vi.stubGlobal('fetch', fetch);
    const form = createForm({ destination: 'ach', session: '/api/ingo/session' });
    await vi.waitFor(() => expect(fake.current).toBeDefined());

    expect(fetch).toHaveBeenCalledTimes(1);
    const [endpoint, init] = fetch.mock.calls[0] ?? [];
    expect(endpoint).toBe('/api/ingo/session');
    expect(JSON.parse(String(init?.body))).toMatchObject({ destination: 'ach' });
    expect(fake.current).toMatchObject({ authorizedUrl: url, destination: 'ach' });
    expect(form.shadowRoot?.contains(fake.current?.iframe ?? null)).toBe(true);
    expect(form.state).toBe('ready');
    expect(form.getAttribute('state')).toBe('ready');
    expect(form.session).toBe('/api/ingo/session');
  });

  it('give the SDK script its URL and nonce', async () => {
    const fake = installFakeIngo({ installed: false });
    const sdkUrl = 'https://webplugin-uat.example.test/sdk-attributes.js';
    createForm(
      { destination: 'debit', 'sdk-url': sdkUrl, nonce: 'r4nd0m' },
      { session: sessionFunction() },
    );
    await settle();
    const script = document.querySelector<HTMLScriptElement>('script[src]');
    expect(script?.src).toBe(sdkUrl);
    expect(script?.nonce).toBe('r4nd0m');
    fake.loadScript();
    await vi.waitFor(() => expect(fake.current).toBeDefined());
  });

  it('timeout-ms is a number of milliseconds that limits each session request', async () => {
    installFakeIngo();
    const never = deferred();
    const form = createForm(
      { destination: 'debit', 'sdk-url': SDK_URL, 'timeout-ms': '40' },
      { session: () => never.promise },
    );
    const failures = record(form, 'ingo-failure');
    expect(form.timeoutMs).toBe(40);
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(failures[0]).toMatchObject({ code: 'session_request_failed', retryable: true });
    expect(failures[0]?.message).toContain('40 ms');
  });

  it('are applied together when a framework sets them one by one after inserting the element', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const form = createForm({});
    const failures = record(form, 'ingo-failure');
    form.setAttribute('destination', 'credit');
    form.session = session;
    form.setAttribute('sdk-url', SDK_URL);
    form.sdkOptions = { autoHeight: true };
    await vi.waitFor(() => expect(fake.current).toBeDefined());
    await settle();
    expect(session).toHaveBeenCalledTimes(1);
    expect(fake.mounts).toHaveLength(1);
    expect(fake.current?.destination).toBe('credit');
    expect(failures).toEqual([]);
  });

  it('count as none once removed; an empty one changes nothing, so a nonce the browser hides stays', () => {
    const form = createForm({ destination: 'debit', 'sdk-url': '', nonce: 'r4nd0m' }, {}, null);
    expect(form.sdkUrl).toBeUndefined();
    // With a Content-Security-Policy header, a browser empties the nonce attribute as soon as
    // the element is in the document; the nonce itself must not be lost.
    form.setAttribute('nonce', '');
    expect(form.nonce).toBe('r4nd0m');
    form.removeAttribute('nonce');
    expect(form.nonce).toBeUndefined();
    form.removeAttribute('destination');
    expect(form.destination).toBeUndefined();
  });

  it('and properties: whichever was set last wins', () => {
    const form = createForm({ destination: 'debit' }, {}, null);
    form.destination = 'paypal';
    expect(form.destination).toBe('paypal');
    form.setAttribute('destination', 'ach');
    expect(form.destination).toBe('ach');
  });
});

describe('<ingo-funding-form> properties', () => {
  it('take functions and objects: a session function, sdkOptions', async () => {
    const fake = installFakeIngo();
    const create = vi.spyOn(fake.sdk, 'create');
    const session = sessionFunction();
    createForm({ destination: 'billpay' }, { session, sdkOptions: { autoHeight: true } });
    await vi.waitFor(() => expect(fake.current).toBeDefined());
    expect(session).toHaveBeenCalledWith(
      expect.objectContaining({ destination: 'billpay' }),
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    expect(create).toHaveBeenCalledWith(fake.current?.iframe, { autoHeight: true });
  });

  it('mount an initialSession without asking; the session function is asked later', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const initial = {
      authorizedUrl: authorizedUrl(),
      expiresAt: new Date(Date.now() + 25_000).toISOString(),
      idempotencyKey: 'rendered-key-1',
      sdkUrl: SDK_URL,
    };
    createForm({ destination: 'debit' }, { session, initialSession: initial });
    await vi.waitFor(() => expect(fake.current).toBeDefined());
    expect(fake.current?.authorizedUrl).toBe(initial.authorizedUrl);
    expect(session).not.toHaveBeenCalled();
  });

  it('a new session function never remounts; the newest one is the one asked next', async () => {
    const fake = installFakeIngo();
    const first = sessionFunction();
    const form = createForm({ destination: 'debit' }, { session: first });
    await vi.waitFor(() => expect(fake.current).toBeDefined());
    const second = sessionFunction();
    form.session = second;
    await settle();
    expect(fake.mounts).toHaveLength(1);

    fake.maxAttemptsExceeded();
    form.retry();
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('state and error are read-only', () => {
    const form = createForm({ destination: 'debit' }, {}, null);
    expect(() => {
      (form as { state: string }).state = 'ready';
    }).toThrow(TypeError);
    expect(form.state).toBe('idle');
    expect(form.error).toBeUndefined();
  });
});

describe('<ingo-funding-form> remounts', () => {
  it('when the destination changes, with a new session; not for a new time limit', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const form = createForm({ destination: 'debit' }, { session });
    await vi.waitFor(() => expect(fake.current).toBeDefined());
    form.setAttribute('timeout-ms', '20000');
    await settle();
    expect(fake.mounts).toHaveLength(1);

    form.setAttribute('destination', 'paypal');
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(fake.current?.destination).toBe('paypal');
    expect(iframesOf(form)).toHaveLength(1);
    const [debit, paypal] = session.mock.calls.map(([request]) => request);
    expect([debit?.destination, paypal?.destination]).toEqual(['debit', 'paypal']);
    expect(paypal?.idempotencyKey).not.toBe(debit?.idempotencyKey);
  });
});

describe('<ingo-funding-form> events', () => {
  it('carry the token, the cancel, every SDK event and every state in detail, and bubble', async () => {
    const fake = installFakeIngo();
    const form = createForm({ destination: 'debit' }, { session: sessionFunction() });
    const states = record(form, 'ingo-statechange');
    const events = record(form, 'ingo-event');
    const cancels = record(form, 'ingo-cancel');
    const tokens = record(document, 'ingo-token');
    await vi.waitFor(() => expect(form.state).toBe('ready'));

    fake.cancel();
    fake.tokenSuccess('cat-123');
    expect(cancels).toEqual([expect.objectContaining({ type: 'FUNDING_CANCELED' })]);
    expect(tokens).toEqual([
      expect.objectContaining({ customerAccountToken: 'cat-123', destination: 'debit' }),
    ]);
    expect(events.map((event) => event.type)).toEqual(['FUNDING_CANCELED', 'TOKEN_SUCCESS']);
    expect(states).toEqual(['loading', 'ready', 'tokenized']);
    expect(form.getAttribute('state')).toBe('tokenized');
  });

  it('report a failure with its error; retry() goes on with the same session', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const form = createForm({ destination: 'debit' }, { session });
    const failures = record(form, 'ingo-failure');
    await vi.waitFor(() => expect(form.state).toBe('ready'));

    fake.terminalFailure('1105');
    expect(failures).toEqual([
      expect.objectContaining({ code: 'terminal_failure', ingoCode: '1105' }),
    ]);
    expect(failures[0]).toBeInstanceOf(Error);
    expect(form.state).toBe('failed');
    expect(form.error).toBe(failures[0]);
    expect(form.getAttribute('state')).toBe('failed');

    form.retry();
    await vi.waitFor(() => expect(form.state).toBe('ready'));
    expect(form.error).toBeUndefined();
    expect(fake.mounts).toHaveLength(2);
    const [first, second] = session.mock.calls.map(([request]) => request);
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey);
    fake.tokenSuccess('cat-after-retry');
    expect(form.state).toBe('tokenized');
  });
});

describe('<ingo-funding-form> slots', () => {
  it('show the loading view until the form is up, the failure view while it failed, a state’s own view in that state', async () => {
    const fake = installFakeIngo();
    const answer = deferred();
    const form = withViews(createForm({ destination: 'debit', 'sdk-url': SDK_URL }, {}, null));
    form.session = () => answer.promise;
    expect(shownChildren(form)).toEqual(['Loading…']);
    document.body.append(form);
    await vi.waitFor(() => expect(form.state).toBe('loading'));
    expect(shownChildren(form)).toEqual(['Loading…']);

    answer.resolve({ authorizedUrl: authorizedUrl() });
    await vi.waitFor(() => expect(form.state).toBe('ready'));
    expect(shownChildren(form)).toEqual([]);

    fake.terminalFailure();
    expect(shownChildren(form)).toEqual(['Could not load']);
    form.retry();
    await vi.waitFor(() => expect(form.state).toBe('ready'));
    expect(shownChildren(form)).toEqual([]);
    fake.tokenSuccess();
    expect(shownChildren(form)).toEqual(['Account added']);
  });
});

describe('<ingo-funding-form> in and out of the page', () => {
  it('does nothing until it is in the page', async () => {
    const session = sessionFunction();
    const form = createForm({ destination: 'debit' }, { session }, null);
    await settle();
    expect(session).not.toHaveBeenCalled();
    expect(form.state).toBe('idle');
    expect(form.hasAttribute('state')).toBe(false);
  });

  it('ends the form when it leaves, and mounts a new one when it comes back', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const form = createForm({ destination: 'debit' }, { session });
    const states = record(form, 'ingo-statechange');
    await vi.waitFor(() => expect(form.state).toBe('ready'));

    form.remove();
    expect(form.state).toBe('idle');
    expect(fake.current).toBeUndefined();
    expect(iframesOf(form)).toHaveLength(0);

    document.body.append(form);
    await vi.waitFor(() => expect(form.state).toBe('ready'));
    expect(states).toEqual(['loading', 'ready', 'idle', 'loading', 'ready']);
    expect(fake.mounts).toHaveLength(2);
    expect(session).toHaveBeenCalledTimes(2);
  });

  it('moved elsewhere in the page, mounts one new form where it lands', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const form = createForm({ destination: 'debit' }, { session });
    await vi.waitFor(() => expect(form.state).toBe('ready'));
    const aside = document.body.appendChild(document.createElement('aside'));
    aside.append(form);
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    await settle();
    expect(fake.mounts).toHaveLength(2);
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(iframesOf(form)).toHaveLength(1);
    expect(form.state).toBe('ready');
  });

  it('takes over properties set before the element was defined', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const early = document.createElement('ingo-late-funding-form') as IngoFundingFormElement;
    Object.assign(early, { destination: 'credit', session });
    document.body.append(early);
    customElements.define('ingo-late-funding-form', class extends IngoFundingFormElement {});
    await vi.waitFor(() => expect(fake.current?.destination).toBe('credit'));
    expect(early.session).toBe(session);
    expect(session).toHaveBeenCalledTimes(1);
  });
});

describe('<ingo-funding-form> with wrong options', () => {
  it('reports invalid_options as a failure instead of throwing, and mounts once they are fixed', async () => {
    const fake = installFakeIngo();
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const form = withViews(createForm({}));
    const failures = record(form, 'ingo-failure');
    // As a template could write it: a destination Ingo does not have.
    form.setAttribute('destination', 'venmo');
    form.setAttribute('session', '/api/ingo/session');
    await settle();
    expect(failures).toEqual([expect.objectContaining({ code: 'invalid_options' })]);
    expect((failures[0] as IngoEmbedError).message).toContain('venmo');
    expect(form.state).toBe('failed');
    expect(form.error).toBe(failures[0]);
    expect(shownChildren(form)).toEqual(['Could not load']);
    expect(fetch).not.toHaveBeenCalled();

    form.session = sessionFunction();
    form.setAttribute('destination', 'debit');
    await vi.waitFor(() => expect(fake.current).toBeDefined());
    expect(form.state).toBe('ready');
    expect(failures).toHaveLength(1);
  });

  it('reports an authorized-url without sdk-url', async () => {
    const form = createForm({ destination: 'debit', 'authorized-url': authorizedUrl() });
    const failures = record(form, 'ingo-failure');
    await settle();
    expect(failures).toEqual([expect.objectContaining({ code: 'invalid_options' })]);
    expect(failures[0]?.message).toContain('sdkUrl');
  });
});

describe('importing the package in a browser', () => {
  it('defines <ingo-funding-form> once, however often it is imported', async () => {
    const defined = customElements.get('ingo-funding-form');
    expect(defined).toBe(IngoFundingFormElement);
    expect(document.createElement('ingo-funding-form')).toBeInstanceOf(IngoFundingFormElement);
    vi.resetModules();
    const again = await import('../src/index.js');
    // A second copy of the module (as two bundles of one page would have) defines nothing.
    expect(again.IngoFundingFormElement).not.toBe(IngoFundingFormElement);
    expect(customElements.get('ingo-funding-form')).toBe(defined);
  });
});
