import { installFakeIngo } from '@ingo-embed/core/testing';
import { act, render, screen, waitFor } from '@testing-library/react';
import { createRef, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  type IngoEvent,
  IngoFundingForm,
  type IngoFundingFormProps,
  type IngoFundingFormRef,
  type SessionFunction,
  useIngoFundingForm,
} from '../src/index.js';
import { authorizedUrl, freshSdkUrl, iframes, SDK_URL, sessionFunction } from './helpers.js';

const callbacks = () => ({ onToken: vi.fn(), onFailure: vi.fn(), onEvent: vi.fn() });

/** A typical parent: inline callbacks, and a re-render on every event. */
function Checkout({ session }: { session: SessionFunction }) {
  const [log, setLog] = useState<string[]>([]);
  return (
    <>
      <IngoFundingForm
        destination="debit"
        session={(request, context) => session(request, context)}
        onEvent={(event: IngoEvent) => setLog((entries) => [...entries, event.type])}
        onToken={() => setLog((entries) => [...entries, 'token'])}
        onFailure={() => {}}
      />
      <ol data-testid="log">
        {log.map((entry, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
          <li key={index}>{entry}</li>
        ))}
      </ol>
    </>
  );
}

/** A hook user whose container element is rendered only sometimes. */
function OptionalContainer({ show, session }: { show: boolean; session: SessionFunction }) {
  const form = useIngoFundingForm({ destination: 'debit', session });
  return (
    <>
      <p data-testid="state">{form.state}</p>
      {show && <div data-testid="container" ref={form.ref} />}
    </>
  );
}

describe('new callback identities', () => {
  it('never remount the iframe, and the newest callbacks and session function are the ones called', async () => {
    const fake = installFakeIngo();
    const ref = createRef<IngoFundingFormRef>();
    const first = { ...callbacks(), session: sessionFunction() };
    const { rerender } = render(<IngoFundingForm ref={ref} destination="debit" {...first} />);
    await waitFor(() => expect(fake.current).toBeDefined());
    const iframe = fake.current?.iframe;

    const second = { ...callbacks(), session: sessionFunction() };
    rerender(<IngoFundingForm ref={ref} destination="debit" {...second} />);
    expect(fake.mounts).toHaveLength(1);
    expect(iframe?.isConnected).toBe(true);

    act(() => fake.terminalFailure());
    expect(second.onFailure).toHaveBeenCalledTimes(1);
    expect(second.onEvent).toHaveBeenCalledTimes(1);
    expect(first.onFailure).not.toHaveBeenCalled();
    expect(first.onEvent).not.toHaveBeenCalled();

    // retry() re-authorizes through the session function of the newest render.
    act(() => ref.current?.retry());
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(first.session).toHaveBeenCalledTimes(1);
    expect(second.session).toHaveBeenCalledTimes(1);

    act(() => fake.tokenSuccess('cat-2'));
    expect(second.onToken).toHaveBeenCalledWith(
      expect.objectContaining({ customerAccountToken: 'cat-2' }),
    );
    expect(first.onToken).not.toHaveBeenCalled();
  });

  it('keep one iframe when a parent passes inline functions and re-renders on every event', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    render(<Checkout session={session} />);
    await waitFor(() => expect(fake.current).toBeDefined());
    act(() => fake.emit('PAGE_LOAD'));
    act(() => fake.tokenSuccess());
    expect(screen.getByTestId('log').textContent).toBe('PAGE_LOADTOKEN_SUCCESStoken');
    expect(fake.mounts).toHaveLength(1);
    expect(session).toHaveBeenCalledTimes(1);
  });
});

describe('prop changes', () => {
  type Props = Omit<IngoFundingFormProps, 'onToken' | 'onFailure'>;
  const renderForm = (props: Props) => {
    const result = render(
      <IngoFundingForm {...(props as IngoFundingFormProps)} {...callbacks()} />,
    );
    return (next: Props) =>
      result.rerender(<IngoFundingForm {...(next as IngoFundingFormProps)} {...callbacks()} />);
  };

  it('a new destination remounts cleanly with a new session for that destination', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const rerender = renderForm({ destination: 'debit', session });
    await waitFor(() => expect(fake.current).toBeDefined());
    const listeners = fake.listenerCount;

    rerender({ destination: 'billpay', session });
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(fake.current?.destination).toBe('billpay');
    expect(session.mock.calls[1]?.[0]).toMatchObject({ destination: 'billpay' });
    expect(session.mock.calls[1]?.[0].idempotencyKey).not.toBe(
      session.mock.calls[0]?.[0].idempotencyKey,
    );
    expect(iframes()).toHaveLength(1);
    expect(fake.listenerCount).toBe(listeners);
  });

  it('a new session URL remounts and asks the new endpoint', async () => {
    const fake = installFakeIngo();
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => ({
      ok: true,
      status: 200,
      json: async () => ({ authorizedUrl: authorizedUrl(), sdkUrl: SDK_URL }),
    }));
    vi.stubGlobal('fetch', fetch);
    const rerender = renderForm({ destination: 'debit', session: '/api/ingo/session' });
    await waitFor(() => expect(fake.current).toBeDefined());
    rerender({ destination: 'debit', session: '/api/v2/ingo/session' });
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      '/api/ingo/session',
      '/api/v2/ingo/session',
    ]);
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(iframes()).toHaveLength(1);
  });

  it.each<[string, { authorizedUrl?: string; sdkUrl?: string; nonce?: string }]>([
    ['authorizedUrl', { authorizedUrl: authorizedUrl() }],
    ['sdkUrl', { sdkUrl: freshSdkUrl() }],
    ['nonce', { nonce: 'n0nce-2' }],
  ])('a new %s remounts cleanly', async (_name, change) => {
    const fake = installFakeIngo();
    const before: Props = {
      destination: 'credit',
      authorizedUrl: authorizedUrl(),
      sdkUrl: SDK_URL,
      nonce: 'n0nce-1',
    };
    const rerender = renderForm(before);
    await waitFor(() => expect(fake.current).toBeDefined());
    const listeners = fake.listenerCount;
    rerender({ ...before, ...change } as Props);
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(fake.current?.authorizedUrl).toBe({ ...before, ...change }.authorizedUrl);
    expect(iframes()).toHaveLength(1);
    expect(fake.listenerCount).toBe(listeners);
  });

  it('className, style, id, sdkOptions and timeoutMs do not remount', async () => {
    const fake = installFakeIngo();
    const before: Props = { destination: 'ach', authorizedUrl: authorizedUrl(), sdkUrl: SDK_URL };
    const rerender = renderForm(before);
    await waitFor(() => expect(fake.current).toBeDefined());
    rerender({
      ...before,
      className: 'wide',
      style: { height: 600 },
      id: 'form',
      sdkOptions: { autoHeight: true },
      timeoutMs: 5_000,
    });
    const container = document.getElementById('form');
    expect(container?.className).toBe('wide');
    expect(fake.mounts).toHaveLength(1);
    expect(container?.contains(fake.current?.iframe ?? null)).toBe(true);
  });

  it('a hook whose container leaves the page destroys the form and goes back to idle', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const { rerender } = render(<OptionalContainer show session={session} />);
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready'));
    rerender(<OptionalContainer show={false} session={session} />);
    expect(screen.getByTestId('state').textContent).toBe('idle');
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(fake.listenerCount).toBe(0);

    rerender(<OptionalContainer show session={session} />);
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready'));
    expect(fake.mounts).toHaveLength(2);
    expect(screen.getByTestId('container').contains(fake.current?.iframe ?? null)).toBe(true);
  });
});
