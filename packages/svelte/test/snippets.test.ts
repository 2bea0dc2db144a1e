import type { AuthorizedSession, FundingFormState, SessionFunction } from '@ingo-embed/core';
import { type FakeIngo, installFakeIngo } from '@ingo-embed/core/testing';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WithSnippets from './fixtures/WithSnippets.svelte';
import { authorizedUrlFor, deferred, SDK_URL, sessionFunction } from './helpers.js';

let fake: FakeIngo;
beforeEach(() => {
  fake = installFakeIngo();
});
afterEach(() => {
  fake.uninstall();
});

const live = () => fake.mounts.filter((mount) => !mount.destroyed);

/** Renders the fixture; returns the form's container `<div>` too. */
function renderWithSnippets(props: { session: SessionFunction; sdkUrl?: string }) {
  const onStateChange = vi.fn<(state: FundingFormState) => void>();
  const result = render(WithSnippets, { props: { ...props, onStateChange } });
  const div = result.container.querySelector('.funding') as HTMLDivElement;
  return { ...result, div, onStateChange };
}

describe('the loading snippet', () => {
  it('shows inside the container while the form loads, and is gone once it is ready', async () => {
    const pending = deferred<AuthorizedSession>();
    const session = vi.fn<SessionFunction>(() => pending.promise);
    const { div, onStateChange } = renderWithSnippets({ session, sdkUrl: SDK_URL });

    expect(onStateChange).toHaveBeenLastCalledWith('loading');
    expect(div.style.minHeight).toBe('400px');
    expect(div.querySelector('[data-testid="placeholder"]')?.textContent).toBe(
      'Loading the secure form…',
    );
    // Core puts its iframe in the same container before the session answers: both are there.
    await waitFor(() => expect(div.querySelector('iframe')).not.toBeNull());
    const frame = div.querySelector('iframe');
    expect(screen.getByTestId('placeholder')).toBeDefined();

    pending.resolve({ authorizedUrl: authorizedUrlFor('placeholder'), sdkUrl: SDK_URL });
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));
    expect(screen.queryByTestId('placeholder')).toBeNull();
    // Svelte removed its nodes only: the iframe core mounted stays.
    expect(fake.current?.iframe).toBe(frame);
    expect(div.querySelectorAll('iframe')).toHaveLength(1);
    expect(frame?.parentElement).toBe(div);
  });
});

describe('the failure snippet', () => {
  it('gets the error and a retry that re-authorizes the same session', async () => {
    const session = sessionFunction();
    const { div, onStateChange } = renderWithSnippets({ session });
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));
    const first = fake.current?.iframe;
    expect(screen.queryByRole('alert')).toBeNull();

    fake.terminalFailure('1105');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(
      /^terminal_failure: Ingo reported TERMINAL_FAILURE \(code 1105\)/,
    );
    // Shown in the container, next to Ingo's own failure page, which stays until the retry.
    expect(alert.parentElement).toBe(div);
    expect(first?.parentElement).toBe(div);

    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.queryByRole('alert')).toBeNull();
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));
    expect(fake.mounts).toHaveLength(2);
    expect(live()).toHaveLength(1);
    expect(first?.isConnected).toBe(false);
    expect([...div.querySelectorAll('iframe')]).toEqual([fake.current?.iframe]);
    expect(screen.queryByTestId('placeholder')).toBeNull();
    const [key, retryKey] = session.mock.calls.map(([request]) => request.idempotencyKey);
    expect(retryKey).toBe(key);
  });

  it('shows a failed script load, and its retry loads the form', async () => {
    fake.uninstall();
    fake = installFakeIngo({ installed: false });
    const session = sessionFunction();
    const { div, onStateChange } = renderWithSnippets({
      session,
      sdkUrl: `${SDK_URL}?fails-once`,
    });
    fake.failScript();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^script_load_failed: /);
    expect(screen.queryByTestId('placeholder')).toBeNull();
    expect(div.querySelector('iframe')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('placeholder')).toBeDefined();
    fake.loadScript();
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));
    expect(screen.queryByTestId('placeholder')).toBeNull();
    expect([...div.querySelectorAll('iframe')]).toEqual([fake.current?.iframe]);
  });

  it('offers a new session once Ingo ended the old one', async () => {
    const session = sessionFunction();
    const { onStateChange } = renderWithSnippets({ session });
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));

    fake.maxAttemptsExceeded();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^max_attempts_exceeded: /);
    await fireEvent.click(screen.getByRole('button', { name: 'Start over' }));
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith('ready'));
    const [key, retryKey] = session.mock.calls.map(([request]) => request.idempotencyKey);
    expect(retryKey).not.toBe(key);
    expect(live()).toHaveLength(1);
  });
});
