import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFundingForm,
  type FundingFormOptions,
  type FundingFormSnapshot,
  type FundingFormState,
  type SessionRequest,
} from '../src/index.js';
import { prefetchFundingForm } from '../src/instant.js';
import { type FakeIngo, installFakeIngo } from '../src/testing.js';

const SDK_URL = 'https://sdk.example.test/ingo.js';

/** A session function that issues URLs like Ingo: same key, same session id, fresh URL. */
function sessionSource() {
  const requests: SessionRequest[] = [];
  const ids = new Map<string, string>();
  const session = vi.fn(async (request: SessionRequest) => {
    requests.push(request);
    if (!ids.has(request.idempotencyKey)) ids.set(request.idempotencyKey, `s${ids.size + 1}`);
    return {
      authorizedUrl: `https://ingo.example.test/session/${ids.get(request.idempotencyKey)}?t=${requests.length}`,
      expiresAt: new Date(Date.now() + 30_000).toISOString(),
    };
  });
  return { session, requests };
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
});

const mounted = (count = 1) => vi.waitFor(() => expect(fake.mounts).toHaveLength(count));

/** A form with its snapshots and reported states recorded. */
function recorded(options: Partial<FundingFormOptions> = {}) {
  const { session, requests } = sessionSource();
  const states: FundingFormState[] = [];
  const form = createFundingForm({
    destination: 'debit',
    sdkUrl: SDK_URL,
    session,
    onStateChange: (state) => states.push(state),
    ...options,
  } as FundingFormOptions);
  const snapshots: FundingFormSnapshot[] = [];
  form.subscribe(() => snapshots.push(form.getSnapshot()));
  return { form, states, snapshots, session, requests };
}

describe('createFundingForm: attach and detach', () => {
  it('does nothing until attached: idle, no script, no request', () => {
    const { form, session } = recorded();
    expect(form.getSnapshot()).toEqual({ state: 'idle' });
    expect(session).not.toHaveBeenCalled();
    expect(container.childElementCount).toBe(0);
  });

  it('mounts on attach and leaves the container clean on detach, then mounts anew on attach', async () => {
    const { form, states, requests } = recorded();
    form.attach(container);
    await mounted();
    expect(form.state).toBe('ready');
    form.detach();
    expect(form.getSnapshot()).toEqual({ state: 'idle', error: undefined });
    expect(container.childElementCount).toBe(0);
    expect(fake.listenerCount).toBe(0);
    form.attach(container);
    await mounted(2);
    // Detaching is the page's doing, not a state of the form: onStateChange hears nothing.
    expect(states).toEqual(['loading', 'ready', 'loading', 'ready']);
    // A form that ended is a new form: its session is new too.
    expect(new Set(requests.map((r) => r.idempotencyKey)).size).toBe(2);
  });

  it('attaching the same container again changes nothing; another container moves the form', async () => {
    const { form, requests } = recorded();
    form.attach(container);
    form.attach(container);
    await mounted();
    expect(requests).toHaveLength(1);
    const other = document.body.appendChild(document.createElement('div'));
    form.attach(other);
    await mounted(2);
    expect(container.querySelector('iframe')).toBeNull();
    expect(other.querySelectorAll('iframe')).toHaveLength(1);
    other.remove();
  });

  it('attach/detach/attach (StrictMode) before anything arrived ends with exactly one iframe', async () => {
    const { form } = recorded();
    form.attach(container);
    form.detach();
    form.attach(container);
    await mounted();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.mounts).toHaveLength(1);
    expect(container.querySelectorAll('iframe')).toHaveLength(1);
  });

  it('gives a prefetched session it had not mounted back on detach, and takes it again', async () => {
    const { session, requests } = sessionSource();
    prefetchFundingForm({ session, destination: 'ach', sdkUrl: SDK_URL });
    const form = createFundingForm({ destination: 'ach', sdkUrl: SDK_URL, session });
    form.attach(container);
    form.detach();
    form.attach(container);
    await mounted();
    expect(requests).toHaveLength(1);
    expect(fake.current?.authorizedUrl).toContain('/session/s1');
  });

  it('keeps the iframe out of the flow and unseen until it is mounted', async () => {
    let answer!: (value: { authorizedUrl: string }) => void;
    const form = createFundingForm({
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: () => new Promise((resolve) => (answer = resolve)),
    });
    form.attach(container);
    const frame = await vi.waitFor(() => {
      const iframe = container.querySelector('iframe');
      if (!iframe) throw new Error('no iframe yet');
      return iframe;
    });
    expect(frame.style).toMatchObject({ position: 'fixed', visibility: 'hidden' });
    answer({ authorizedUrl: 'https://ingo.example.test/session/x' });
    await mounted();
    expect(frame.style).toMatchObject({ position: '', visibility: '', display: 'block' });
  });

  it('after destroy, attach does nothing', async () => {
    const { form, states } = recorded();
    form.attach(container);
    await mounted();
    form.destroy();
    form.attach(container);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.mounts).toHaveLength(1);
    expect(container.childElementCount).toBe(0);
    expect(states).toEqual(['loading', 'ready', 'destroyed']);
  });

  it('refuses impossible options on attach with invalid_options, mounting nothing', () => {
    const form = createFundingForm({ destination: 'wire' } as unknown as FundingFormOptions);
    expect(() => form.attach(container)).toThrow(
      expect.objectContaining({
        code: 'invalid_options',
        message: expect.stringMatching(/destination/),
      }),
    );
    expect(form.state).toBe('idle');
    expect(container.childElementCount).toBe(0);
    // The container stays: options made valid mount the form.
    form.update({ destination: 'debit', sdkUrl: SDK_URL, session: sessionSource().session });
    return mounted();
  });
});

describe('createFundingForm: update', () => {
  it.each([
    ['destination', { destination: 'ach' }],
    ['the session URL', { session: '/other-endpoint' }],
    ['sdkUrl', { sdkUrl: `${SDK_URL}?v=2` }],
    ['nonce', { nonce: 'n2' }],
  ] as const)(
    'a new %s mounts a new form with a new session, without an idle in between',
    async (_, change) => {
      const fetchMock = vi.fn(async (_url: string, _init: RequestInit) =>
        Response.json({
          authorizedUrl: 'https://ingo.example.test/session/u',
          expiresAt: new Date(Date.now() + 30_000).toISOString(),
        }),
      );
      vi.stubGlobal('fetch', fetchMock);
      const base: FundingFormOptions = {
        destination: 'debit',
        sdkUrl: SDK_URL,
        session: '/api/ingo/session',
      };
      const states: FundingFormState[] = [];
      const form = createFundingForm({ ...base, onStateChange: (s) => states.push(s) });
      form.attach(container);
      await mounted();
      form.update({ ...base, ...change, onStateChange: (s) => states.push(s) });
      await mounted(2);
      expect(fake.mounts[0]?.destroyed).toBe(true);
      expect(states).toEqual(['loading', 'ready', 'loading', 'ready']);
      const keys = fetchMock.mock.calls.map(
        ([, init]) => JSON.parse(init.body as string).idempotencyKey,
      );
      expect(new Set(keys).size).toBe(2);
      vi.unstubAllGlobals();
    },
  );

  it('new callbacks, a new session function, sdkOptions and timeoutMs are used live, without remounting', async () => {
    const first = sessionSource();
    const second = sessionSource();
    const form = createFundingForm({
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: first.session,
    });
    form.attach(container);
    await mounted();
    const onToken = vi.fn();
    form.update({
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: second.session,
      sdkOptions: { autoHeight: true },
      timeoutMs: 5_000,
      onToken,
    });
    fake.terminalFailure();
    form.retry();
    await mounted(2);
    // The retry asked the newest function, for the same session.
    expect(second.requests).toHaveLength(1);
    expect(second.requests[0]?.idempotencyKey).toBe(first.requests[0]?.idempotencyKey);
    fake.tokenSuccess('live');
    expect(onToken).toHaveBeenCalledWith(expect.objectContaining({ customerAccountToken: 'live' }));
  });

  it('stores options while detached and mounts with them on attach', async () => {
    const { form } = recorded();
    form.update({ destination: 'paypal', sdkUrl: SDK_URL, session: sessionSource().session });
    form.attach(container);
    await mounted();
    expect(fake.current?.destination).toBe('paypal');
  });
});

describe('createFundingForm: snapshots', () => {
  it('replaces the snapshot exactly when state or error changes, and clears the error after failed', async () => {
    const { form, snapshots } = recorded();
    form.attach(container);
    await mounted();
    const ready = form.getSnapshot();
    expect(form.getSnapshot()).toBe(ready);
    fake.terminalFailure('1105');
    const failed = form.getSnapshot();
    expect(failed).toMatchObject({
      state: 'failed',
      error: { code: 'terminal_failure', ingoCode: '1105' },
    });
    form.retry();
    await mounted(2);
    expect(snapshots.map((s) => [s.state, s.error?.code])).toEqual([
      ['loading', undefined],
      ['ready', undefined],
      ['failed', 'terminal_failure'],
      ['loading', undefined],
      ['ready', undefined],
    ]);
    // Each notification came with a new object.
    expect(new Set(snapshots).size).toBe(snapshots.length);
  });

  it('a second failure while failed is a new snapshot and a new onFailure', async () => {
    const onFailure = vi.fn();
    const { form, snapshots } = recorded({ onFailure });
    form.attach(container);
    await mounted();
    fake.terminalFailure('1');
    fake.terminalFailure('2');
    expect(onFailure).toHaveBeenCalledTimes(2);
    expect(snapshots.at(-1)?.error?.ingoCode).toBe('2');
    expect(form.getSnapshot().state).toBe('failed');
  });

  it('unsubscribe stops notifications; a throwing listener does not break the form', async () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    const form = createFundingForm({
      destination: 'debit',
      sdkUrl: SDK_URL,
      session: sessionSource().session,
    });
    const listener = vi.fn();
    const unsubscribe = form.subscribe(listener);
    form.subscribe(() => {
      throw new Error('listener bug');
    });
    form.attach(container);
    await mounted();
    expect(form.state).toBe('ready');
    expect(reportError).toHaveBeenCalled();
    const calls = listener.mock.calls.length;
    unsubscribe();
    fake.tokenSuccess();
    expect(listener).toHaveBeenCalledTimes(calls);
    expect(form.state).toBe('tokenized');
    vi.unstubAllGlobals();
  });
});
