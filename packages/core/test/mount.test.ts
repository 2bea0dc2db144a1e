import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FundingFormOptions,
  type FundingFormState,
  type IngoEmbedError,
  type IngoEvent,
  type IngoToken,
  mountFundingForm,
  type SessionRequest,
} from '../src/index.js';
import { type FakeIngo, installFakeIngo } from '../src/testing.js';

const SDK_URL = 'https://sdk.example.test/ingo.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A session function that issues URLs like Ingo: same key, same session id, fresh URL. */
function sessionSource(lifetimeMs = 30_000) {
  const requests: SessionRequest[] = [];
  const ids = new Map<string, string>();
  const session = vi.fn(async (request: SessionRequest) => {
    requests.push(request);
    if (!ids.has(request.idempotencyKey)) ids.set(request.idempotencyKey, `s${ids.size + 1}`);
    return {
      authorizedUrl: `https://ingo.example.test/session/${ids.get(request.idempotencyKey)}?t=${requests.length}`,
      expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    };
  });
  return { session, requests };
}

function recorder() {
  const calls = {
    tokens: [] as IngoToken[],
    failures: [] as IngoEmbedError[],
    cancels: [] as IngoEvent[],
    events: [] as IngoEvent[],
    states: [] as FundingFormState[],
  };
  const callbacks: Partial<FundingFormOptions> = {
    onToken: (token) => calls.tokens.push(token),
    onFailure: (error) => calls.failures.push(error),
    onCancel: (event) => calls.cancels.push(event),
    onEvent: (event) => calls.events.push(event),
    onStateChange: (state) => calls.states.push(state),
  };
  return { calls, callbacks };
}

let container: HTMLElement;
let fake: FakeIngo;

beforeEach(() => {
  container = document.body.appendChild(document.createElement('div'));
  fake = installFakeIngo();
});

afterEach(() => {
  fake.uninstall();
  container.remove();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const mounted = () => vi.waitFor(() => expect(fake.current).toBeDefined());

describe('mountFundingForm: options', () => {
  it.each([
    ['no container', null, { destination: 'debit', session: '/s' }, /container element/],
    ['an unknown destination', 'el', { destination: 'wire', session: '/s' }, /destination/],
    ['neither session nor authorizedUrl', 'el', { destination: 'debit' }, /one of session/],
    [
      'both session and authorizedUrl',
      'el',
      { destination: 'debit', session: '/s', authorizedUrl: 'https://x.test', sdkUrl: SDK_URL },
      /one of session/,
    ],
    [
      'authorizedUrl without sdkUrl',
      'el',
      { destination: 'debit', authorizedUrl: 'https://x.test' },
      /sdkUrl/,
    ],
  ])('throws invalid_options at once for %s', (_, target, options, message) => {
    const element = target === 'el' ? container : target;
    expect(() =>
      mountFundingForm(element as HTMLElement, options as unknown as FundingFormOptions),
    ).toThrow(
      expect.objectContaining({ code: 'invalid_options', message: expect.stringMatching(message) }),
    );
    expect(container.childElementCount).toBe(0);
  });
});

describe('mountFundingForm: mounting', () => {
  it('mounts an authorized URL with the SDK destination constant, listeners first', async () => {
    const { calls, callbacks } = recorder();
    const handle = mountFundingForm(container, {
      destination: 'ach',
      authorizedUrl: 'https://ingo.example.test/session/abc?t=1',
      sdkUrl: SDK_URL,
      ...callbacks,
    });
    expect(handle.state).toBe('loading');
    await mounted();
    expect(fake.mounts).toHaveLength(1);
    expect(fake.current).toMatchObject({
      authorizedUrl: 'https://ingo.example.test/session/abc?t=1',
      destination: 'ach',
    });
    expect(container.querySelectorAll('iframe')).toHaveLength(1);
    expect(fake.listenerCount).toBe(Object.keys(fake.sdk.EVENTS).length);
    expect(calls.states).toEqual(['loading', 'ready']);
    expect(handle.state).toBe('ready');
  });

  it('loads the script and sets up its iframe while the session request is out; the answer only mounts it', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const session = deferred<{ authorizedUrl: string }>();
    mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: () => session.promise,
    });
    // The script tag is injected before the session has answered.
    expect(document.querySelectorAll('script')).toHaveLength(1);
    expect(container.querySelector('iframe')).toBeNull();
    fake.loadScript();
    const frame = await vi.waitFor(() => {
      const iframe = container.querySelector('iframe');
      if (!iframe) throw new Error('no iframe yet');
      return iframe;
    });
    expect(frame.title).toBe('Payment account form');
    expect(frame.style).toMatchObject({ width: '100%', display: 'block' });
    expect(fake.mounts).toHaveLength(0);
    session.resolve({ authorizedUrl: 'https://ingo.example.test/session/early' });
    await mounted();
    // create() got the very iframe that was waiting; nothing else was added.
    expect(fake.current?.container).toBe(frame);
    expect(fake.current?.iframe).toBe(frame);
    expect(container.querySelectorAll('iframe')).toHaveLength(1);
  });

  it('removes the waiting iframe when the session fails, and retry() sets up exactly one again', async () => {
    const { calls, callbacks } = recorder();
    const first = deferred<{ authorizedUrl: string }>();
    const session = vi
      .fn()
      .mockImplementationOnce(() => first.promise)
      .mockImplementation(async () => ({ authorizedUrl: 'https://ingo.example.test/session/r' }));
    const handle = mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session,
      ...callbacks,
    });
    await vi.waitFor(() => expect(container.querySelector('iframe')).not.toBeNull());
    first.reject(new Error('endpoint down'));
    await vi.waitFor(() => expect(handle.state).toBe('failed'));
    expect(calls.failures[0]?.code).toBe('session_request_failed');
    expect(container.querySelector('iframe')).toBeNull();
    handle.retry();
    await mounted();
    expect(container.querySelectorAll('iframe')).toHaveLength(1);
  });

  it('reports a failed script load at once, without waiting for the session', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const { calls, callbacks } = recorder();
    const session = deferred<{ authorizedUrl: string }>();
    mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: () => session.promise,
      ...callbacks,
    });
    fake.failScript();
    await vi.waitFor(() => expect(calls.failures[0]?.code).toBe('script_load_failed'));
    expect(container.childElementCount).toBe(0);
    // The session failing later is neither reported again nor an unhandled rejection.
    session.reject(new Error('late'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls.failures).toHaveLength(1);
  });

  it('reports create() throwing as plugin_error and leaves no iframe behind', async () => {
    const { calls, callbacks } = recorder();
    const create = fake.sdk.create;
    fake.sdk.create = () => {
      throw new Error('IngoInstantPayments.create: boom');
    };
    mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: sessionSource().session,
      ...callbacks,
    });
    await vi.waitFor(() => expect(calls.failures[0]?.code).toBe('plugin_error'));
    expect(calls.failures[0]?.message).toContain('boom');
    expect(container.childElementCount).toBe(0);
    fake.sdk.create = create;
  });

  it('takes sdkUrl from the session answer when not given up front', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    mountFundingForm(container, {
      destination: 'debit',
      session: async () => ({
        authorizedUrl: 'https://ingo.example.test/session/q',
        sdkUrl: SDK_URL,
      }),
    });
    await vi.waitFor(() => expect(document.querySelector('script')?.src).toBe(SDK_URL));
    fake.loadScript();
    await mounted();
  });

  it('POSTs { idempotencyKey, destination } to a session endpoint URL', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      Response.json({
        authorizedUrl: 'https://ingo.example.test/session/e',
        expiresAt: new Date(Date.now() + 30_000).toISOString(),
        sessionId: 'e',
      }),
    );
    vi.stubGlobal('fetch', fetch);
    mountFundingForm(container, {
      destination: 'paypal',
      session: '/api/ingo/session',
      sdkUrl: SDK_URL,
    });
    await mounted();
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/ingo/session');
    expect(init.method).toBe('POST');
    const body = JSON.parse(init.body as string);
    expect(Object.keys(body).sort()).toEqual(['destination', 'idempotencyKey']);
    expect(body.destination).toBe('paypal');
    expect(body.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports the endpoint's safe error message, retryable on 5xx only", async () => {
    vi.stubGlobal(
      'fetch',
      vi
        .fn()
        .mockResolvedValueOnce(
          Response.json(
            { error: { code: 'unauthenticated', message: 'Sign in first.' } },
            { status: 401 },
          ),
        )
        .mockResolvedValueOnce(
          Response.json({ error: { message: 'Ingo is down.' } }, { status: 503 }),
        ),
    );
    const { calls, callbacks } = recorder();
    const handle = mountFundingForm(container, {
      destination: 'debit',
      session: '/api/ingo/session',
      sdkUrl: SDK_URL,
      ...callbacks,
    });
    await vi.waitFor(() => expect(calls.failures).toHaveLength(1));
    expect(calls.failures[0]).toMatchObject({ code: 'session_request_failed', retryable: false });
    expect(calls.failures[0]?.message).toContain('401: Sign in first.');
    handle.retry();
    await vi.waitFor(() => expect(calls.failures).toHaveLength(2));
    expect(calls.failures[1]).toMatchObject({ code: 'session_request_failed', retryable: true });
    expect(fake.mounts).toHaveLength(0);
  });

  it('fails with a typed timeout when the session source never answers', async () => {
    vi.useFakeTimers();
    const { calls, callbacks } = recorder();
    mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      timeoutMs: 1_000,
      session: () => new Promise(() => {}),
      ...callbacks,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.failures[0]).toMatchObject({ code: 'session_request_failed', retryable: true });
    expect(calls.failures[0]?.message).toMatch(/1000 ms/);
  });

  it('never mounts an expired URL: it fetches a fresh one with the same key', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    vi.useFakeTimers();
    const { session, requests } = sessionSource(5_000);
    mountFundingForm(container, { destination: 'credit', sdkUrl: SDK_URL, session });
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    // The script takes longer than the URL lives.
    await vi.advanceTimersByTimeAsync(6_000);
    fake.loadScript();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.idempotencyKey).toBe(requests[0]?.idempotencyKey);
    expect(fake.mounts).toHaveLength(1);
    expect(fake.mounts[0]?.authorizedUrl).toBe('https://ingo.example.test/session/s1?t=2');
  });

  it('leaves no timeout timer running once the script and the session have arrived', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    vi.useFakeTimers();
    mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: sessionSource().session,
    });
    await vi.advanceTimersByTimeAsync(0);
    fake.loadScript();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.mounts).toHaveLength(1);
    // A pending 15-second timer would keep the form's closures (and its component) alive.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('treats a URL that looks expired on arrival as clock skew, not as expired', async () => {
    mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: async () => ({
        authorizedUrl: 'https://ingo.example.test/session/skew',
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    });
    await mounted();
    expect(fake.mounts).toHaveLength(1);
  });
});

describe('mountFundingForm: events', () => {
  const mount = (extra: Partial<FundingFormOptions> = {}) => {
    const rec = recorder();
    const source = sessionSource();
    const handle = mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: source.session,
      ...rec.callbacks,
      ...extra,
    });
    return { handle, ...rec, ...source };
  };

  it('turns TOKEN_SUCCESS into onToken and the tokenized state', async () => {
    const { handle, calls } = mount();
    await mounted();
    fake.tokenSuccess('0bef3f2d-3e17-4320-a865-39ffb6b96c2e');
    expect(handle.state).toBe('tokenized');
    expect(calls.tokens).toHaveLength(1);
    expect(calls.tokens[0]).toMatchObject({
      customerAccountToken: '0bef3f2d-3e17-4320-a865-39ffb6b96c2e',
      destination: 'debit',
      sessionId: 's1',
      type: 'TOKEN_SUCCESS',
      eventName: 'iip.webplugin.token_success',
    });
    // Ingo says TOKEN_SUCCESS is normally last; anything later is informational only.
    fake.terminalFailure();
    expect(calls.failures).toHaveLength(0);
    expect(handle.state).toBe('tokenized');
  });

  it('reads payloads wrapped in content the same as flat ones', async () => {
    fake.uninstall();
    fake = installFakeIngo({ wrapPayloads: true });
    const { calls } = mount();
    await mounted();
    fake.tokenSuccess('wrapped-token');
    expect(calls.tokens[0]?.customerAccountToken).toBe('wrapped-token');
    expect(calls.events[0]?.data.content).toBeDefined();
  });

  it('delivers events it does not know to onEvent', async () => {
    fake.uninstall();
    fake = installFakeIngo({ extraEvents: { BRAND_NEW_EVENT: 'iip.webplugin.brand_new' } });
    const { calls, handle } = mount();
    await mounted();
    fake.emit('BRAND_NEW_EVENT', { anything: 42 });
    expect(calls.events).toMatchObject([{ type: 'BRAND_NEW_EVENT', data: { anything: 42 } }]);
    expect(handle.state).toBe('ready');
  });

  it('reports a cancel without failing', async () => {
    const { calls, handle } = mount();
    await mounted();
    fake.cancel();
    expect(calls.cancels).toMatchObject([{ type: 'FUNDING_CANCELED', destination: 'debit' }]);
    expect(handle.state).toBe('ready');
  });

  it('TERMINAL_FAILURE is retryable: retry re-authorizes the same session and mounts again', async () => {
    const { calls, handle, requests } = mount();
    await mounted();
    fake.terminalFailure('1105');
    expect(handle.state).toBe('failed');
    expect(calls.failures[0]).toMatchObject({
      code: 'terminal_failure',
      retryable: true,
      ingoCode: '1105',
    });
    const first = fake.current;
    handle.retry();
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(first?.destroyed).toBe(true);
    expect(requests[1]?.idempotencyKey).toBe(requests[0]?.idempotencyKey);
    expect(fake.mounts[1]?.authorizedUrl).toContain('/session/s1?');
    expect(container.querySelectorAll('iframe')).toHaveLength(1);
    fake.tokenSuccess('after-retry');
    expect(calls.tokens[0]?.customerAccountToken).toBe('after-retry');
  });

  it('MAX_VERIFICATION_ATTEMPTS_EXCEEDED is final for the session: retry starts a new one', async () => {
    const { calls, handle, requests } = mount();
    await mounted();
    fake.maxAttemptsExceeded();
    expect(calls.failures[0]).toMatchObject({ code: 'max_attempts_exceeded', retryable: false });
    expect(calls.failures[0]?.message).toMatch(/new session/);
    handle.retry();
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(requests[1]?.idempotencyKey).not.toBe(requests[0]?.idempotencyKey);
    expect(fake.mounts[1]?.authorizedUrl).toContain('/session/s2?');
  });

  it('a failure with only an authorizedUrl is not retryable in the same session', async () => {
    const { calls } = recorder();
    mountFundingForm(container, {
      destination: 'debit',
      authorizedUrl: 'https://ingo.example.test/session/once',
      sdkUrl: SDK_URL,
      onFailure: (error) => calls.failures.push(error),
    });
    await mounted();
    fake.terminalFailure();
    expect(calls.failures[0]).toMatchObject({ code: 'terminal_failure', retryable: false });
  });

  it('keeps its state consistent when a user callback throws', async () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    const { handle } = mount({
      onToken: () => {
        throw new Error('bug in the app');
      },
    });
    await mounted();
    fake.tokenSuccess();
    expect(handle.state).toBe('tokenized');
    expect(reportError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'bug in the app' }),
    );
  });
});

describe('mountFundingForm: destroy', () => {
  it('during the script load: nothing mounts afterwards', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const { calls, callbacks } = recorder();
    const handle = mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: sessionSource().session,
      ...callbacks,
    });
    await Promise.resolve();
    handle.destroy();
    fake.loadScript();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.mounts).toHaveLength(0);
    expect(container.childElementCount).toBe(0);
    expect(calls.states).toEqual(['loading', 'destroyed']);
    expect(calls.failures).toHaveLength(0);
  });

  it('during the session fetch: the request is aborted and nothing mounts', async () => {
    const session = deferred<{ authorizedUrl: string }>();
    let signal: AbortSignal | undefined;
    const { calls, callbacks } = recorder();
    const handle = mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: (_request, context) => {
        signal = context.signal;
        return session.promise;
      },
      ...callbacks,
    });
    handle.destroy();
    expect(signal?.aborted).toBe(true);
    session.resolve({ authorizedUrl: 'https://ingo.example.test/session/late' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.mounts).toHaveLength(0);
    expect(calls.failures).toHaveLength(0);
    expect(handle.state).toBe('destroyed');
  });

  it('while the session is out: removes the waiting iframe and mounts nothing later', async () => {
    const { calls, callbacks } = recorder();
    const session = deferred<{ authorizedUrl: string }>();
    const handle = mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: () => session.promise,
      ...callbacks,
    });
    await vi.waitFor(() => expect(container.querySelector('iframe')).not.toBeNull());
    handle.destroy();
    expect(container.childElementCount).toBe(0);
    expect(fake.listenerCount).toBe(0);
    session.resolve({ authorizedUrl: 'https://ingo.example.test/session/late' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.mounts).toHaveLength(0);
    expect(calls.states).toEqual(['loading', 'destroyed']);
  });

  it('after mount: removes the iframe and every listener; late events are ignored; twice is fine', async () => {
    const { calls, callbacks } = recorder();
    const handle = mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: sessionSource().session,
      ...callbacks,
    });
    await mounted();
    const mount = fake.current;
    handle.destroy();
    handle.destroy();
    expect(container.childElementCount).toBe(0);
    expect(fake.listenerCount).toBe(0);
    mount?.emit('TOKEN_SUCCESS', { customer_account_token: 'late' });
    expect(calls.tokens).toHaveLength(0);
    expect(calls.states).toEqual(['loading', 'ready', 'destroyed']);
  });

  it('ignores late events even when the SDK cannot remove listeners', async () => {
    fake.uninstall();
    fake = installFakeIngo({ extras: false });
    const { calls, callbacks } = recorder();
    const handle = mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: sessionSource().session,
      ...callbacks,
    });
    await mounted();
    const mount = fake.current;
    handle.destroy();
    expect(container.childElementCount).toBe(0);
    mount?.emit('TOKEN_SUCCESS', { customer_account_token: 'late' });
    expect(calls.tokens).toHaveLength(0);
    expect(calls.events).toHaveLength(0);
  });

  it('after a token: tears down cleanly', async () => {
    const handle = mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: sessionSource().session,
    });
    await mounted();
    fake.tokenSuccess();
    handle.destroy();
    expect(handle.state).toBe('destroyed');
    expect(container.childElementCount).toBe(0);
  });
});
