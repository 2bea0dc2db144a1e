import type { AuthorizedSession, FundingFormState, SessionFunction } from '@ingo-embed/core';
import { type FakeIngo, installFakeIngo } from '@ingo-embed/core/testing';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IngoEmbedError, IngoFundingForm, type IngoFundingFormProps } from '../src/lib/index.js';
import CustomLayout from './fixtures/CustomLayout.svelte';
import InlineParent from './fixtures/InlineParent.svelte';
import {
  authorizedUrlFor,
  deferred,
  SDK_URL,
  type sessionFunction as SessionFn,
  sessionFunction,
  settle,
} from './helpers.js';

let fake: FakeIngo;
beforeEach(() => {
  fake = installFakeIngo();
});
afterEach(() => {
  fake.uninstall();
  vi.unstubAllGlobals();
});

const live = () => fake.mounts.filter((mount) => !mount.destroyed);

/** Renders the form with required callbacks as spies, plus `props`. */
function renderForm(props: Partial<IngoFundingFormProps> & Record<string, unknown>) {
  const callbacks = {
    onToken: vi.fn(),
    onFailure: vi.fn(),
    onCancel: vi.fn(),
    onEvent: vi.fn(),
    onStateChange: vi.fn<(state: FundingFormState) => void>(),
  };
  const all = { destination: 'debit', ...callbacks, ...props } as IngoFundingFormProps;
  const result = render(IngoFundingForm, { props: all });
  return { ...result, ...callbacks, props: all };
}

describe('<IngoFundingForm>', () => {
  it('mounts the iframe inside its container div and reports the token', async () => {
    const { container, onToken, onStateChange } = renderForm({
      authorizedUrl: authorizedUrlFor('direct'),
      sdkUrl: SDK_URL,
      class: 'funding',
      id: 'ingo-form',
      style: 'min-height: 400px',
    });
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));

    const div = container.querySelector('#ingo-form') as HTMLDivElement;
    expect(div.className).toBe('funding');
    expect(div.style.minHeight).toBe('400px');
    expect(div.querySelector('iframe')).toBe(fake.current?.iframe);
    expect(fake.mounts).toHaveLength(1);
    expect(fake.current).toMatchObject({
      authorizedUrl: authorizedUrlFor('direct'),
      destination: 'debit',
    });

    fake.tokenSuccess('tok_123');
    expect(onToken).toHaveBeenCalledTimes(1);
    expect(onToken.mock.calls[0]?.[0]).toMatchObject({
      customerAccountToken: 'tok_123',
      destination: 'debit',
    });
    expect(onStateChange).toHaveBeenLastCalledWith('tokenized');
  });

  it('gets its session from a URL endpoint with the destination', async () => {
    const fetch = vi.fn(
      async () =>
        new Response(
          JSON.stringify({ authorizedUrl: authorizedUrlFor('from-endpoint'), sdkUrl: SDK_URL }),
          { status: 200, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    vi.stubGlobal('fetch', fetch);
    renderForm({ session: '/api/ingo/session', destination: 'ach' });

    await waitFor(() =>
      expect(fake.current?.authorizedUrl).toBe(authorizedUrlFor('from-endpoint')),
    );
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/ingo/session');
    expect(JSON.parse(init.body as string)).toMatchObject({ destination: 'ach' });
  });

  it('sends every SDK event to onEvent and a cancel to onCancel without failing', async () => {
    const { onEvent, onCancel, onFailure, onStateChange } = renderForm({
      session: sessionFunction(),
    });
    await waitFor(() => expect(fake.current).toBeDefined());

    fake.emit('PAGE_LOAD');
    fake.cancel();
    expect(onEvent.mock.calls.map(([event]) => event.type)).toEqual([
      'PAGE_LOAD',
      'FUNDING_CANCELED',
    ]);
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onCancel.mock.calls[0]?.[0]).toMatchObject({ type: 'FUNDING_CANCELED' });
    expect(onFailure).not.toHaveBeenCalled();
    expect(onStateChange).toHaveBeenLastCalledWith('ready');
  });

  it('reports a failure and retries the same session through retry()', async () => {
    const session = sessionFunction();
    const { component, onFailure, onStateChange } = renderForm({ session });
    await waitFor(() => expect(fake.current).toBeDefined());

    fake.terminalFailure('1105');
    expect(onStateChange).toHaveBeenLastCalledWith('failed');
    expect(onFailure).toHaveBeenCalledTimes(1);
    const failure = onFailure.mock.calls[0]?.[0];
    expect(failure).toBeInstanceOf(IngoEmbedError);
    expect(failure).toMatchObject({ code: 'terminal_failure', retryable: true, ingoCode: '1105' });

    component.retry();
    await waitFor(() => expect(live()).toHaveLength(1));
    expect(fake.mounts).toHaveLength(2);
    expect(onStateChange).toHaveBeenLastCalledWith('ready');
    // Same idempotency key: the endpoint re-authorizes the same Ingo session.
    const [first, second] = session.mock.calls.map(([request]) => request.idempotencyKey);
    expect(second).toBe(first);
  });

  it('starts a new session on retry after Ingo ended the old one', async () => {
    const session = sessionFunction();
    const { component, onFailure } = renderForm({ session });
    await waitFor(() => expect(fake.current).toBeDefined());

    fake.maxAttemptsExceeded();
    expect(onFailure.mock.calls[0]?.[0]).toMatchObject({
      code: 'max_attempts_exceeded',
      retryable: false,
    });
    component.retry();
    await waitFor(() => expect(session).toHaveBeenCalledTimes(2));
    const [first, second] = session.mock.calls.map(([request]) => request.idempotencyKey);
    expect(second).not.toBe(first);
    await waitFor(() => expect(live()).toHaveLength(1));
  });

  it('retry() does nothing unless the form failed', async () => {
    const session = sessionFunction();
    const { component } = renderForm({ session });
    await waitFor(() => expect(fake.current).toBeDefined());
    component.retry();
    await settle();
    expect(session).toHaveBeenCalledTimes(1);
    expect(fake.mounts).toHaveLength(1);
  });

  it('reports a session endpoint failure through onFailure, not a throw', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Sign in.' } }), {
            status: 401,
          }),
      ),
    );
    const { onFailure, onStateChange } = renderForm({ session: '/api/ingo/session' });
    await waitFor(() => expect(onFailure).toHaveBeenCalledTimes(1));
    expect(onFailure.mock.calls[0]?.[0]).toMatchObject({
      code: 'session_request_failed',
      message: expect.stringContaining('Sign in.'),
    });
    expect(onStateChange).toHaveBeenLastCalledWith('failed');
    expect(fake.mounts).toHaveLength(0);
  });

  it('throws a typed error for props core rejects', () => {
    expect(() =>
      render(IngoFundingForm, {
        props: {
          destination: 'cash',
          session: '/api/ingo/session',
          onToken: () => {},
          onFailure: () => {},
        } as unknown as IngoFundingFormProps,
      }),
    ).toThrow(expect.objectContaining({ name: 'IngoEmbedError', code: 'invalid_options' }));
  });
});

describe('prop changes', () => {
  it('remounts with the new destination, leaving exactly one live form', async () => {
    const session = sessionFunction();
    const { rerender } = renderForm({ session });
    await waitFor(() => expect(fake.current?.destination).toBe('debit'));

    await rerender({ destination: 'paypal' });
    await waitFor(() => expect(fake.current?.destination).toBe('paypal'));
    expect(fake.mounts).toHaveLength(2);
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(live()).toHaveLength(1);
    expect(session.mock.calls.map(([request]) => request.destination)).toEqual(['debit', 'paypal']);
    // Each mount got its own logical session.
    const [first, second] = session.mock.calls.map(([request]) => request.idempotencyKey);
    expect(second).not.toBe(first);
  });

  it('remounts when authorizedUrl changes', async () => {
    const { rerender } = renderForm({ authorizedUrl: authorizedUrlFor('one'), sdkUrl: SDK_URL });
    await waitFor(() => expect(fake.current?.authorizedUrl).toBe(authorizedUrlFor('one')));
    const listenersOfOneForm = fake.listenerCount;

    await rerender({ authorizedUrl: authorizedUrlFor('two') });
    await waitFor(() => expect(fake.current?.authorizedUrl).toBe(authorizedUrlFor('two')));
    expect(live()).toHaveLength(1);
    expect(fake.listenerCount).toBe(listenersOfOneForm);
  });

  it('remounts when the session URL changes', async () => {
    const fetch = vi.fn(
      async (url: string) =>
        new Response(
          JSON.stringify({ authorizedUrl: authorizedUrlFor(url.slice(1)), sdkUrl: SDK_URL }),
        ),
    );
    vi.stubGlobal('fetch', fetch);
    const { rerender } = renderForm({ session: '/first' });
    await waitFor(() => expect(fake.current?.authorizedUrl).toBe(authorizedUrlFor('first')));

    await rerender({ session: '/second' });
    await waitFor(() => expect(fake.current?.authorizedUrl).toBe(authorizedUrlFor('second')));
    expect(live()).toHaveLength(1);
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/first', '/second']);
  });

  it('calls the latest callbacks without remounting', async () => {
    const { rerender, onToken } = renderForm({ session: sessionFunction() });
    await waitFor(() => expect(fake.current).toBeDefined());

    const latest = vi.fn();
    await rerender({ onToken: latest });
    fake.tokenSuccess('tok_latest');
    expect(latest).toHaveBeenCalledWith(
      expect.objectContaining({ customerAccountToken: 'tok_latest' }),
    );
    expect(onToken).not.toHaveBeenCalled();
    expect(fake.mounts).toHaveLength(1);
  });

  it('uses the latest session function without remounting when its identity changes', async () => {
    const first = sessionFunction();
    const { rerender, component } = renderForm({ session: first });
    await waitFor(() => expect(fake.current).toBeDefined());

    const second: ReturnType<typeof SessionFn> = sessionFunction();
    await rerender({ session: second });
    await settle();
    expect(fake.mounts).toHaveLength(1);
    expect(second).not.toHaveBeenCalled();

    fake.terminalFailure();
    component.retry();
    await waitFor(() => expect(live()).toHaveLength(1));
    expect(fake.mounts).toHaveLength(2);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    expect(second.mock.calls[0]?.[0].idempotencyKey).toBe(first.mock.calls[0]?.[0].idempotencyKey);
  });

  it('remounts when switching from a session URL to a session function', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ authorizedUrl: authorizedUrlFor('url'), sdkUrl: SDK_URL })),
      ),
    );
    const { rerender } = renderForm({ session: '/api/ingo/session' });
    await waitFor(() => expect(fake.current?.authorizedUrl).toBe(authorizedUrlFor('url')));

    const session = sessionFunction();
    await rerender({ session });
    await waitFor(() => expect(session).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(live()).toHaveLength(1));
    expect(fake.mounts).toHaveLength(2);
  });
});

describe('inside a parent component', () => {
  it('a session function rebuilt from parent state neither remounts nor goes stale', async () => {
    const makeSession = vi.fn(async (account: number) => ({
      authorizedUrl: authorizedUrlFor(`account-${account}`),
      sdkUrl: SDK_URL,
    }));
    render(InlineParent, { props: { makeSession } });
    await waitFor(() => expect(fake.current?.authorizedUrl).toBe(authorizedUrlFor('account-1')));

    await fireEvent.click(screen.getByRole('button', { name: 'Next account' }));
    expect(screen.getByTestId('account').textContent).toBe('2');
    await settle();
    expect(fake.mounts).toHaveLength(1);

    // A retry fetches the session through the latest session function…
    fake.terminalFailure();
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(fake.current?.authorizedUrl).toBe(authorizedUrlFor('account-2')));
    expect(makeSession.mock.calls.map(([account]) => account)).toEqual([1, 2]);

    // …and the token reaches the latest onToken arrow.
    fake.tokenSuccess('tok_inline');
    await waitFor(() =>
      expect(screen.getByTestId('saved').textContent).toBe('tok_inline for account 2'),
    );
  });

  it('a destination change from a radio group remounts the form', async () => {
    const makeSession = vi.fn(async (account: number) => ({
      authorizedUrl: authorizedUrlFor(`account-${account}`),
      sdkUrl: SDK_URL,
    }));
    render(InlineParent, { props: { makeSession } });
    await waitFor(() => expect(fake.current?.destination).toBe('debit'));

    await fireEvent.click(screen.getByRole('button', { name: 'Use ACH' }));
    await waitFor(() => expect(fake.current?.destination).toBe('ach'));
    expect(fake.mounts).toHaveLength(2);
    expect(live()).toHaveLength(1);
  });
});

describe('unmounting', () => {
  it('during the script load: nothing mounts later and nothing throws', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const { unmount, onFailure, onStateChange } = renderForm({
      authorizedUrl: authorizedUrlFor('slow-script'),
      sdkUrl: `${SDK_URL}?unmount-during-load`,
    });
    expect(document.querySelector(`script[src^="${SDK_URL}"]`)).not.toBeNull();
    expect(onStateChange).toHaveBeenLastCalledWith('loading');

    unmount();
    fake.loadScript();
    await settle();
    expect(fake.mounts).toHaveLength(0);
    expect(onFailure).not.toHaveBeenCalled();
    expect(onStateChange).toHaveBeenLastCalledWith('destroyed');
  });

  it('during the session fetch: the request is aborted and nothing mounts later', async () => {
    const pending = deferred<AuthorizedSession>();
    let signal: AbortSignal | undefined;
    const session: SessionFunction = (_request, context) => {
      signal = context.signal;
      return pending.promise;
    };
    const { unmount, onFailure, onStateChange } = renderForm({ session });
    await waitFor(() => expect(signal).toBeDefined());

    unmount();
    expect(signal?.aborted).toBe(true);
    pending.resolve({ authorizedUrl: authorizedUrlFor('too-late'), sdkUrl: SDK_URL });
    await settle();
    expect(fake.mounts).toHaveLength(0);
    expect(onFailure).not.toHaveBeenCalled();
    expect(onStateChange).toHaveBeenLastCalledWith('destroyed');
  });

  it('after mounting: removes the iframe and every SDK listener', async () => {
    const { unmount } = renderForm({ session: sessionFunction() });
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(fake.listenerCount).toBeGreaterThan(0);

    unmount();
    expect(live()).toHaveLength(0);
    expect(fake.listenerCount).toBe(0);
    expect(document.querySelector('iframe')).toBeNull();
  });
});

describe('custom layout through bind:state, bind:error and bind:this', () => {
  it('shows the state, the error, and retries from its own button', async () => {
    render(CustomLayout, { props: { session: sessionFunction() } });
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready'));
    expect(fake.current?.destination).toBe('credit');

    fake.terminalFailure('1105');
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('failed'));
    expect(screen.getByRole('alert').textContent).toMatch(/^terminal_failure: /);

    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready'));
    // The error is cleared once the form leaves `failed`.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(live()).toHaveLength(1);

    fake.tokenSuccess();
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('tokenized'));
  });
});
