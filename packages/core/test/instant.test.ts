import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AuthorizedSession,
  type FundingFormOptions,
  type InitialSession,
  mountFundingForm,
  type SessionFunction,
  type SessionRequest,
} from '../src/index.js';
import {
  ingoPreloadLinks,
  keepInitialSession,
  prefetchFundingForm,
  preloadIngo,
} from '../src/instant.js';
import { type FakeIngo, installFakeIngo } from '../src/testing.js';

let n = 0;
/** A fresh script URL per test: the loader shares a load per tag. */
const nextSdk = () => `https://sdk.ingo.test/ingo-${++n}.js`;

/**
 * A session function that issues URLs like Ingo: the same key is the same session (a new URL,
 * `t` counting the URLs issued), a new key a new session. Each test gets its own function, so
 * prefetches of one test never match another's forms.
 */
function ingo(lifetimeMs = 30_000) {
  const requests: SessionRequest[] = [];
  const ids = new Map<string, string>();
  const session = vi.fn<SessionFunction>(async (request) => {
    requests.push(request);
    if (!ids.has(request.idempotencyKey)) ids.set(request.idempotencyKey, `s${ids.size + 1}`);
    return {
      authorizedUrl: `https://ingo.example.test/session/${ids.get(request.idempotencyKey)}?t=${requests.length}`,
      expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    };
  });
  /** Ingo sessions created so far. */
  const created = () => ids.size;
  return { session, requests, created };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
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
  for (const link of document.querySelectorAll('link')) link.remove();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const mount = (options: Partial<FundingFormOptions> & Pick<FundingFormOptions, 'session'>) =>
  mountFundingForm(container, { destination: 'debit', ...options });
const mounted = () => vi.waitFor(() => expect(fake.current).toBeDefined());
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ingoPreloadLinks', () => {
  it('gives a preconnect per origin, SDK first, then the script preload', () => {
    expect(
      ingoPreloadLinks({
        sdkUrl: 'https://cdn.ingo.test/sdk/v2/ingo.js?v=3',
        sessionOrigin: 'https://pay.ingo.test/anything',
      }),
    ).toEqual([
      { rel: 'preconnect', href: 'https://cdn.ingo.test' },
      { rel: 'preconnect', href: 'https://pay.ingo.test' },
      { rel: 'preload', as: 'script', href: 'https://cdn.ingo.test/sdk/v2/ingo.js?v=3' },
    ]);
  });

  it('connects once to an origin both share, and never to the page itself', () => {
    expect(
      ingoPreloadLinks({
        sdkUrl: 'http://127.0.0.1:4010/sdk.js',
        sessionOrigin: 'http://127.0.0.1:4010',
      }),
    ).toEqual([
      { rel: 'preconnect', href: 'http://127.0.0.1:4010' },
      { rel: 'preload', as: 'script', href: 'http://127.0.0.1:4010/sdk.js' },
    ]);
    expect(ingoPreloadLinks({ sdkUrl: '/ingo/sdk.js' })).toEqual([
      { rel: 'preload', as: 'script', href: '/ingo/sdk.js' },
    ]);
  });
});

describe('preloadIngo', () => {
  const preconnects = () =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel=preconnect]')].map(
      (link) => link.href,
    );

  it('starts the script and connects to the SDK and session origins, once however often it is called', () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const sdkUrl = nextSdk();
    const options = { sdkUrl, sessionOrigin: 'https://pay.ingo.test', nonce: 'n0nce' };
    preloadIngo(options);
    preloadIngo(options);
    preloadIngo(options);
    const scripts = document.querySelectorAll('script');
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.src).toBe(sdkUrl);
    expect(scripts[0]?.nonce).toBe('n0nce');
    expect(preconnects()).toEqual(['https://sdk.ingo.test/', 'https://pay.ingo.test/']);
  });

  it('adds no hint the server already rendered', () => {
    const link = document.head.appendChild(document.createElement('link'));
    link.rel = 'preconnect';
    link.href = 'https://pay.ingo.test';
    preloadIngo({ sdkUrl: nextSdk(), sessionOrigin: 'https://pay.ingo.test' });
    expect(preconnects()).toEqual(['https://pay.ingo.test/', 'https://sdk.ingo.test/']);
  });

  it('lets a form mounted later use the script without loading it again', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const sdkUrl = nextSdk();
    preloadIngo({ sdkUrl });
    fake.loadScript();
    mount({ session: ingo().session, sdkUrl });
    await mounted();
    expect(document.querySelectorAll('script')).toHaveLength(1);
  });

  it('forgets a failed load: the form loads again and reports what happens then', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const sdkUrl = nextSdk();
    preloadIngo({ sdkUrl });
    fake.failScript();
    await settle();
    expect(document.querySelectorAll('script')).toHaveLength(0);
    mount({ session: ingo().session, sdkUrl });
    expect(document.querySelectorAll('script')).toHaveLength(1);
    fake.loadScript();
    await mounted();
  });
});

describe('prefetchFundingForm', () => {
  it('starts the session and the script now; the next form with that source and destination takes them', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const { session, requests, created } = ingo();
    const sdkUrl = nextSdk();
    prefetchFundingForm({ session, destination: 'ach', sdkUrl });
    expect(requests).toHaveLength(1);
    expect(document.querySelectorAll('script')).toHaveLength(1);
    fake.loadScript();
    await settle();
    mount({ session, destination: 'ach', sdkUrl });
    await mounted();
    expect(requests).toHaveLength(1);
    expect(created()).toBe(1);
    expect(fake.current).toMatchObject({
      authorizedUrl: 'https://ingo.example.test/session/s1?t=1',
      destination: 'ach',
    });
  });

  it('shares one request between two prefetches of one form', async () => {
    const { session, requests } = ingo();
    prefetchFundingForm({ session, destination: 'debit' });
    prefetchFundingForm({ session, destination: 'debit' });
    await settle();
    prefetchFundingForm({ session, destination: 'debit' });
    mount({ session, sdkUrl: nextSdk() });
    await mounted();
    expect(requests).toHaveLength(1);
  });

  it('shares a request still in flight', async () => {
    const answer = deferred<AuthorizedSession>();
    const session = vi.fn<SessionFunction>(() => answer.promise);
    prefetchFundingForm({ session, destination: 'debit' });
    prefetchFundingForm({ session, destination: 'debit' });
    mount({ session, sdkUrl: nextSdk() });
    answer.resolve({ authorizedUrl: 'https://ingo.example.test/session/slow' });
    await mounted();
    expect(session).toHaveBeenCalledTimes(1);
  });

  it('leaves other destinations and other sources alone', async () => {
    const { session, requests } = ingo();
    prefetchFundingForm({ session, destination: 'ach' });
    const other = ingo();
    mount({ session: other.session, destination: 'ach', sdkUrl: nextSdk() });
    await mounted();
    expect(other.requests).toHaveLength(1);
    fake.current?.container.remove();
    mount({ session, destination: 'debit', sdkUrl: nextSdk() });
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    // Its own request: the prefetch was for ach.
    expect(requests).toHaveLength(2);
    expect(requests[1]?.idempotencyKey).not.toBe(requests[0]?.idempotencyKey);
  });

  it('compares a session endpoint URL by value: one POST for the prefetch and the form', async () => {
    const fetch = vi.fn(async () =>
      Response.json({
        authorizedUrl: 'https://ingo.example.test/session/url',
        expiresAt: new Date(Date.now() + 30_000).toISOString(),
        sessionId: 'url',
      }),
    );
    vi.stubGlobal('fetch', fetch);
    const endpoint = `/api/ingo/session?test=${++n}`;
    prefetchFundingForm({ session: endpoint, destination: 'paypal' });
    mount({ session: `${endpoint}`, destination: 'paypal', sdkUrl: nextSdk() });
    await mounted();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('creates exactly one session when no form takes it, however long it waits', async () => {
    vi.useFakeTimers();
    const { session, requests, created } = ingo(5_000);
    prefetchFundingForm({ session, destination: 'debit' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(1);
    expect(created()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refreshes a URL that expired before the mount with the same key: still one Ingo session', async () => {
    vi.useFakeTimers();
    const { session, requests, created } = ingo(5_000);
    prefetchFundingForm({ session, destination: 'credit' });
    await vi.advanceTimersByTimeAsync(6_000);
    mount({ session, destination: 'credit', sdkUrl: nextSdk() });
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.idempotencyKey).toBe(requests[0]?.idempotencyKey);
    expect(created()).toBe(1);
    expect(fake.current?.authorizedUrl).toBe('https://ingo.example.test/session/s1?t=2');
  });

  it('refreshes an expired prefetch with the same key when hovered again', async () => {
    vi.useFakeTimers();
    const { session, requests, created } = ingo(5_000);
    prefetchFundingForm({ session, destination: 'debit' });
    await vi.advanceTimersByTimeAsync(6_000);
    prefetchFundingForm({ session, destination: 'debit' });
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.idempotencyKey).toBe(requests[0]?.idempotencyKey);
    // The form then finds a fresh URL and asks nothing more.
    mount({ session, destination: 'debit', sdkUrl: nextSdk() });
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
    expect(created()).toBe(1);
    expect(fake.current?.authorizedUrl).toBe('https://ingo.example.test/session/s1?t=2');
  });

  it('is silent when it fails: the form asks again with the same key and mounts', async () => {
    const requests: SessionRequest[] = [];
    const session = vi.fn<SessionFunction>(async (request) => {
      requests.push(request);
      if (requests.length === 1) throw new Error('network blip');
      return { authorizedUrl: 'https://ingo.example.test/session/second' };
    });
    const onFailure = vi.fn();
    prefetchFundingForm({ session, destination: 'debit' });
    await settle();
    mount({ session, sdkUrl: nextSdk(), onFailure });
    await mounted();
    expect(requests).toHaveLength(2);
    expect(requests[1]?.idempotencyKey).toBe(requests[0]?.idempotencyKey);
    expect(onFailure).not.toHaveBeenCalled();
  });

  it("asks again at each retry() when the prefetch and the form's own request both failed", async () => {
    const requests: SessionRequest[] = [];
    const session = vi.fn<SessionFunction>(async (request) => {
      requests.push(request);
      if (requests.length < 3) throw new Error('endpoint down');
      return { authorizedUrl: 'https://ingo.example.test/session/third' };
    });
    const failures: string[] = [];
    prefetchFundingForm({ session, destination: 'debit' });
    await settle();
    const form = mount({
      session,
      sdkUrl: nextSdk(),
      onFailure: (error) => failures.push(error.code),
    });
    await vi.waitFor(() => expect(form.state).toBe('failed'));
    expect(failures).toEqual(['session_request_failed']);
    form.retry();
    await mounted();
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.idempotencyKey)).size).toBe(1);
  });

  it('loads the script from the session answer when no sdkUrl is given', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const sdkUrl = nextSdk();
    prefetchFundingForm({
      session: async () => ({ authorizedUrl: 'https://ingo.example.test/session/q', sdkUrl }),
      destination: 'debit',
    });
    await vi.waitFor(() => expect(document.querySelector('script')?.src).toBe(sdkUrl));
  });

  it('is kept for the next form when a form is destroyed before mounting it (StrictMode)', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const { session, requests } = ingo();
    const sdkUrl = nextSdk();
    prefetchFundingForm({ session, destination: 'debit', sdkUrl });
    const first = mount({ session, sdkUrl });
    first.destroy();
    mount({ session, sdkUrl });
    fake.loadScript();
    await mounted();
    expect(requests).toHaveLength(1);
    expect(fake.mounts).toHaveLength(1);
  });

  it('serves one form only: after a form mounted it, the next form asks anew', async () => {
    const { session, requests, created } = ingo();
    prefetchFundingForm({ session, destination: 'debit' });
    const first = mount({ session, sdkUrl: nextSdk() });
    await mounted();
    first.destroy();
    mount({ session, sdkUrl: nextSdk() });
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(requests).toHaveLength(2);
    expect(created()).toBe(2);
    expect(fake.mounts[1]?.authorizedUrl).toContain('/session/s2?');
  });

  it('keeps retry() on the same session after a prefetched form failed, and a new one after the limit', async () => {
    const { session, requests } = ingo();
    prefetchFundingForm({ session, destination: 'debit' });
    const form = mount({ session, sdkUrl: nextSdk() });
    await mounted();
    fake.terminalFailure();
    form.retry();
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(requests[1]?.idempotencyKey).toBe(requests[0]?.idempotencyKey);
    expect(fake.mounts[1]?.authorizedUrl).toBe('https://ingo.example.test/session/s1?t=2');
    fake.maxAttemptsExceeded();
    form.retry();
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(3));
    expect(requests[2]?.idempotencyKey).not.toBe(requests[0]?.idempotencyKey);
  });

  it('follows a form whose session option is a getter: the newest function, matched at mount', async () => {
    const { session, requests } = ingo();
    const newer = ingo();
    prefetchFundingForm({ session, destination: 'debit' });
    let current: SessionFunction = session;
    const form = mountFundingForm(container, {
      destination: 'debit',
      sdkUrl: nextSdk(),
      get session() {
        return current;
      },
    });
    await mounted();
    expect(requests).toHaveLength(1);
    current = newer.session;
    fake.terminalFailure();
    form.retry();
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    // The retry asked the newest function, with the prefetched session's key.
    expect(newer.requests[0]?.idempotencyKey).toBe(requests[0]?.idempotencyKey);
  });
});

describe('keepInitialSession: a session the server created while it rendered the page', () => {
  const initial = (lifetimeMs = 30_000, key = crypto.randomUUID()): InitialSession => ({
    authorizedUrl: 'https://ingo.example.test/session/server?t=1',
    expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    idempotencyKey: key,
  });

  it('mounts it without any request while it is fresh', async () => {
    const { session, requests } = ingo();
    keepInitialSession({ session, destination: 'debit', initialSession: initial() });
    mount({ session, sdkUrl: nextSdk() });
    await mounted();
    expect(requests).toHaveLength(0);
    expect(fake.current?.authorizedUrl).toBe('https://ingo.example.test/session/server?t=1');
  });

  it('asks the endpoint again with its key when it is too old by the time the form mounts', async () => {
    const { session, requests } = ingo();
    const old = initial(-1_000);
    keepInitialSession({ session, destination: 'debit', initialSession: old });
    mount({ session, sdkUrl: nextSdk() });
    await mounted();
    expect(requests).toEqual([{ idempotencyKey: old.idempotencyKey, destination: 'debit' }]);
  });

  it('takes an unreadable expiresAt as too old', async () => {
    const { session, requests } = ingo();
    const odd = { ...initial(), expiresAt: 'soon' };
    keepInitialSession({ session, destination: 'debit', initialSession: odd });
    mount({ session, sdkUrl: nextSdk() });
    await mounted();
    expect(requests[0]?.idempotencyKey).toBe(odd.idempotencyKey);
  });

  it('serves one form: offering it again once a form mounted it does nothing', async () => {
    const { session, requests } = ingo();
    const rendered = initial();
    keepInitialSession({ session, destination: 'debit', initialSession: rendered });
    const first = mount({ session, sdkUrl: nextSdk() });
    await mounted();
    first.destroy();
    // A binding offers it at each mount: a remount (new destination and back) asks anew.
    keepInitialSession({ session, destination: 'debit', initialSession: rendered });
    mount({ session, sdkUrl: nextSdk() });
    await vi.waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.idempotencyKey).not.toBe(rendered.idempotencyKey);
  });

  it('is kept for the next form when the first is destroyed before mounting it', async () => {
    const { session, requests } = ingo();
    const rendered = initial();
    const sdkUrl = nextSdk();
    keepInitialSession({ session, destination: 'debit', initialSession: rendered });
    mount({ session, sdkUrl }).destroy();
    keepInitialSession({ session, destination: 'debit', initialSession: rendered });
    mount({ session, sdkUrl });
    await mounted();
    expect(requests).toHaveLength(0);
    expect(fake.mounts).toHaveLength(1);
  });

  it('does nothing without a session (the server had none to give)', async () => {
    const { session, requests } = ingo();
    keepInitialSession({ session, destination: 'debit', initialSession: null });
    mount({ session, sdkUrl: nextSdk() });
    await mounted();
    expect(requests).toHaveLength(1);
  });

  it('goes before a prefetch of the same form', async () => {
    const { session, requests } = ingo();
    prefetchFundingForm({ session, destination: 'debit' });
    keepInitialSession({ session, destination: 'debit', initialSession: initial() });
    mount({ session, sdkUrl: nextSdk() });
    await mounted();
    expect(fake.current?.authorizedUrl).toContain('/session/server');
    expect(requests).toHaveLength(1);
  });
});
