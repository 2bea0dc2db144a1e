import { installFakeIngo } from '@ingo-embed/core/testing';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Component, createRef, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  IngoEmbedError,
  IngoFundingForm,
  type IngoFundingFormProps,
  type IngoFundingFormRef,
} from '../src/index.js';
import {
  authorizedUrl,
  CustomLayout,
  freshSdkUrl,
  iframes,
  SDK_URL,
  sessionFunction,
} from './helpers.js';

const noop = () => {};
const state = () => screen.getByTestId('state').textContent;

class Boundary extends Component<
  { children: ReactNode; onError: (error: Error) => void },
  { failed: boolean }
> {
  override state = { failed: false };
  static getDerivedStateFromError = () => ({ failed: true });
  override componentDidCatch(error: Error) {
    this.props.onError(error);
  }
  override render() {
    return this.state.failed ? 'broken' : this.props.children;
  }
}

describe('<IngoFundingForm>', () => {
  it('mounts the iframe inside its own container and hands the token to onToken', async () => {
    const fake = installFakeIngo();
    const url = authorizedUrl();
    const onToken = vi.fn();
    const onFailure = vi.fn();
    render(
      <IngoFundingForm
        id="payout"
        className="funding"
        style={{ minHeight: 480 }}
        destination="ach"
        authorizedUrl={url}
        sdkUrl={SDK_URL}
        onToken={onToken}
        onFailure={onFailure}
      />,
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    const container = document.getElementById('payout');
    expect(container?.className).toBe('funding');
    expect(container?.style.minHeight).toBe('480px');
    expect(container?.contains(fake.current?.iframe ?? null)).toBe(true);
    expect(fake.current).toMatchObject({ authorizedUrl: url, destination: 'ach' });

    act(() => fake.tokenSuccess('cat-123'));
    expect(onToken).toHaveBeenCalledTimes(1);
    expect(onToken).toHaveBeenCalledWith(
      expect.objectContaining({ customerAccountToken: 'cat-123', destination: 'ach' }),
    );
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('reports a cancel to onCancel and every SDK event to onEvent, and stays mounted', async () => {
    const fake = installFakeIngo();
    const onCancel = vi.fn();
    const onEvent = vi.fn();
    const onStateChange = vi.fn();
    render(
      <IngoFundingForm
        destination="paypal"
        session={sessionFunction()}
        onToken={noop}
        onFailure={noop}
        onCancel={onCancel}
        onEvent={onEvent}
        onStateChange={onStateChange}
      />,
    );
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));
    act(() => fake.emit('PAGE_LOAD'));
    act(() => fake.cancel());
    expect(onCancel).toHaveBeenCalledWith(expect.objectContaining({ type: 'FUNDING_CANCELED' }));
    expect(onEvent.mock.calls.map(([event]) => event.type)).toEqual([
      'PAGE_LOAD',
      'FUNDING_CANCELED',
    ]);
    expect(onStateChange.mock.calls.map(([value]) => value)).toEqual(['loading', 'ready']);
    expect(fake.current?.iframe.isConnected).toBe(true);
  });

  it('retries through its ref after onFailure', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const onFailure = vi.fn();
    const ref = createRef<IngoFundingFormRef>();
    render(
      <IngoFundingForm
        ref={ref}
        destination="debit"
        session={session}
        onToken={noop}
        onFailure={onFailure}
      />,
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    act(() => fake.terminalFailure('1105'));
    expect(onFailure).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'terminal_failure', ingoCode: '1105', retryable: true }),
    );

    act(() => ref.current?.retry());
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(iframes()).toHaveLength(1);
    // TERMINAL_FAILURE keeps the session: the same idempotency key re-authorizes it.
    expect(session.mock.calls[1]?.[0].idempotencyKey).toBe(
      session.mock.calls[0]?.[0].idempotencyKey,
    );
  });

  it('throws a typed invalid_options error to the nearest error boundary for impossible props', async () => {
    vi.spyOn(console, 'error').mockImplementation(noop);
    const caught = vi.fn();
    // Neither session nor authorizedUrl: only a JavaScript caller (or a cast) gets here.
    const props = { destination: 'debit', onToken: noop, onFailure: noop };
    render(
      <Boundary onError={caught}>
        <IngoFundingForm {...(props as unknown as IngoFundingFormProps)} />
      </Boundary>,
    );
    await waitFor(() => expect(caught).toHaveBeenCalled());
    const error = caught.mock.calls[0]?.[0];
    expect(error).toBeInstanceOf(IngoEmbedError);
    expect(error).toMatchObject({ code: 'invalid_options' });
    expect(error.message).toContain('one of session and authorizedUrl');
  });
});

describe('useIngoFundingForm', () => {
  it('exposes state and the last error, and retry() goes on with the same session or a new one', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const onToken = vi.fn();
    render(<CustomLayout destination="credit" session={session} onToken={onToken} />);
    await waitFor(() => expect(state()).toBe('ready'));
    expect(screen.getByTestId('container').contains(fake.current?.iframe ?? null)).toBe(true);

    act(() => fake.terminalFailure('1105'));
    expect(state()).toBe('failed');
    expect(screen.getByRole('alert').textContent).toContain('terminal_failure');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(state()).toBe('ready'));
    expect(screen.queryByRole('alert')).toBeNull();
    const keys = () => session.mock.calls.map(([request]) => request.idempotencyKey);
    expect(new Set(keys()).size).toBe(1);

    act(() => fake.maxAttemptsExceeded());
    expect(screen.getByRole('alert').textContent).toContain('max_attempts_exceeded');
    fireEvent.click(screen.getByRole('button', { name: 'Start over' }));
    await waitFor(() => expect(state()).toBe('ready'));
    // Ingo ended the session: the third request asks for a new one.
    expect(keys()).toHaveLength(3);
    expect(keys()[2]).not.toBe(keys()[0]);
    expect(iframes()).toHaveLength(1);

    act(() => fake.tokenSuccess('cat-9'));
    expect(state()).toBe('tokenized');
    expect(onToken).toHaveBeenCalledWith(
      expect.objectContaining({ customerAccountToken: 'cat-9' }),
    );
  });

  it('recovers from a failed script load with retry()', async () => {
    const fake = installFakeIngo({ installed: false });
    render(
      <CustomLayout destination="debit" authorizedUrl={authorizedUrl()} sdkUrl={freshSdkUrl()} />,
    );
    act(() => fake.failScript());
    await waitFor(() => expect(state()).toBe('failed'));
    expect(screen.getByRole('alert').textContent).toContain('script_load_failed');

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(state()).toBe('loading');
    await act(async () => fake.loadScript());
    await waitFor(() => expect(state()).toBe('ready'));
    expect(iframes()).toHaveLength(1);
  });
});
