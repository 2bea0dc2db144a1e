import type { AuthorizedSession, FundingFormState } from '@ingo-embed/core';
import { installFakeIngo } from '@ingo-embed/core/testing';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  type IngoEmbedError,
  IngoFundingForm,
  type IngoFundingFormOptions,
  type IngoFundingFormProps,
  useIngoFundingForm,
} from '../src/index.js';
import {
  authorizedUrl,
  deferred,
  freshSdkUrl,
  iframes,
  SDK_URL,
  sessionFunction,
} from './helpers.js';

const noop = () => {};

/** A failure view as an app would write one: the error and a button that retries. */
const failureView = (error: IngoEmbedError, retry: () => void) => (
  <div role="alert">
    <p>{error.code}</p>
    <button type="button" onClick={retry}>
      {error.retryable ? 'Try again' : 'Start over'}
    </button>
  </div>
);

describe('<IngoFundingForm fallback>', () => {
  it('is shown in the container while the form loads and gone once it is ready; the iframe stays', async () => {
    const fake = installFakeIngo();
    const answer = deferred<AuthorizedSession>();
    const { container } = render(
      <IngoFundingForm
        destination="debit"
        session={() => answer.promise}
        sdkUrl={SDK_URL}
        // A lone string: React must not write it as the container's text, which would take the
        // iframe with it when it goes.
        fallback="Loading the secure form…"
        onToken={noop}
        onFailure={noop}
      />,
    );
    const form = container.firstElementChild as HTMLElement;
    expect(form.textContent).toBe('Loading the secure form…');
    // The iframe goes into the container, out of sight, while the session is still out.
    await waitFor(() => expect(form.querySelector('iframe')).not.toBeNull());
    expect(form.querySelector('iframe')?.style.visibility).toBe('hidden');
    expect(form.textContent).toBe('Loading the secure form…');

    await act(async () => answer.resolve({ authorizedUrl: authorizedUrl() }));
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(form.textContent).toBe('');
    expect(form.contains(fake.current?.iframe ?? null)).toBe(true);
    expect(fake.current?.iframe.style.visibility).toBe('');
    expect(iframes()).toHaveLength(1);
  });

  it('comes back while a new destination loads, beside the old form leaving', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const form = (destination: 'debit' | 'ach') => (
      <IngoFundingForm
        destination={destination}
        session={session}
        fallback={<p data-testid="placeholder">Loading…</p>}
        onToken={noop}
        onFailure={noop}
      />
    );
    const { rerender } = render(form('debit'));
    await waitFor(() => expect(screen.queryByTestId('placeholder')).toBeNull());
    rerender(form('ach'));
    expect(screen.getByTestId('placeholder')).toBeDefined();
    await waitFor(() => expect(fake.current?.destination).toBe('ach'));
    await waitFor(() => expect(screen.queryByTestId('placeholder')).toBeNull());
    expect(iframes()).toHaveLength(1);
  });
});

describe('<IngoFundingForm renderFailure>', () => {
  it('or onFailure is required: without either, nothing would show a failure (a type error)', () => {
    // @ts-expect-error: neither onFailure nor renderFailure
    const silent: IngoFundingFormProps = { destination: 'debit', session: '/api', onToken: noop };
    const shown: IngoFundingFormProps[] = [
      { ...silent, onFailure: noop },
      { ...silent, renderFailure: failureView },
    ];
    expect(shown).toHaveLength(2);
  });

  it('shows the failure inside the container, and its retry goes on with the same session', async () => {
    const fake = installFakeIngo();
    const session = sessionFunction();
    const onFailure = vi.fn();
    const { container } = render(
      <IngoFundingForm
        destination="debit"
        session={session}
        fallback="Loading…"
        renderFailure={failureView}
        onToken={noop}
        onFailure={onFailure}
      />,
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(screen.queryByRole('alert')).toBeNull();

    act(() => fake.terminalFailure('1105'));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('terminal_failure');
    expect(container.firstElementChild?.contains(alert)).toBe(true);
    // The failure view comes after the iframe, which shows Ingo's own failure page meanwhile.
    expect(container.firstElementChild?.contains(fake.current?.iframe ?? null)).toBe(true);
    expect(onFailure).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(container.firstElementChild?.textContent).toBe('');
    expect(iframes()).toHaveLength(1);
    const keys = session.mock.calls.map(([request]) => request.idempotencyKey);
    expect(new Set(keys).size).toBe(1);
  });

  it('replaces onFailure as the way to learn of a failure: a failed script, then a retry that works', async () => {
    const fake = installFakeIngo({ installed: false });
    render(
      <IngoFundingForm
        destination="debit"
        authorizedUrl={authorizedUrl()}
        sdkUrl={freshSdkUrl()}
        renderFailure={failureView}
        onToken={noop}
      />,
    );
    act(() => fake.failScript());
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('script_load_failed'),
    );
    expect(iframes()).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => fake.loadScript());
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(iframes()).toHaveLength(1);
  });
});

/** A hook user that records what each render shows. */
function Recorder({
  shown,
  ...options
}: IngoFundingFormOptions & { shown: [FundingFormState, IngoEmbedError | undefined][] }) {
  const form = useIngoFundingForm(options);
  shown.push([form.state, form.error]);
  return (
    <>
      {form.error && (
        <button type="button" onClick={form.retry}>
          Retry
        </button>
      )}
      <div ref={form.ref} />
    </>
  );
}

describe('useIngoFundingForm state and error', () => {
  it('render exactly what onStateChange and onFailure report, the error only while failed', async () => {
    const fake = installFakeIngo();
    const shown: [FundingFormState, IngoEmbedError | undefined][] = [];
    const onStateChange = vi.fn();
    const onFailure = vi.fn();
    render(
      <Recorder
        shown={shown}
        destination="credit"
        session={sessionFunction()}
        onStateChange={onStateChange}
        onFailure={onFailure}
      />,
    );
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));
    act(() => fake.maxAttemptsExceeded());
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));
    act(() => fake.tokenSuccess('cat-7'));

    const states = shown.map(([state]) => state).filter((state, i, all) => state !== all[i - 1]);
    expect(states).toEqual(['idle', ...onStateChange.mock.calls.map(([state]) => state)]);
    expect(states).toEqual(['idle', 'loading', 'ready', 'failed', 'loading', 'ready', 'tokenized']);
    const [failure] = onFailure.mock.calls[0] ?? [];
    expect(failure).toMatchObject({ code: 'max_attempts_exceeded' });
    for (const [state, error] of shown)
      expect(error).toBe(state === 'failed' ? failure : undefined);
  });
});
