import type { InitialSession, SessionFunction } from '@ingo-embed/core';
import { type FakeIngo, installFakeIngo } from '@ingo-embed/core/testing';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  IngoFundingForm,
  type IngoFundingFormProps,
  ingoPreloadLinks,
  prefetchIngoFundingForm,
  preloadIngo,
} from '../src/lib/index.js';
import Chooser from './fixtures/Chooser.svelte';

let fake: FakeIngo;
beforeEach(() => {
  fake = installFakeIngo();
});
afterEach(() => {
  fake.uninstall();
});

let scripts = 0;
/** A script URL no test loaded yet. */
const freshSdkUrl = () => `https://sdk.ingo.test/ingo-${++scripts}.js`;

/** A session function per test, answering like Ingo: one session per key, a new URL per call. */
function ingo(lifetimeMs = 30_000) {
  const ids = new Map<string, string>();
  let urls = 0;
  const session = vi.fn<SessionFunction>(async ({ idempotencyKey }) => {
    if (!ids.has(idempotencyKey)) ids.set(idempotencyKey, `s${ids.size + 1}`);
    return {
      authorizedUrl: `https://webplugin.ingo.test/session/${ids.get(idempotencyKey)}?t=${++urls}`,
      expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    };
  });
  return { session, created: () => ids.size };
}

const initial = (lifetimeMs = 30_000): InitialSession => ({
  authorizedUrl: 'https://webplugin.ingo.test/session/rendered?t=1',
  expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
  idempotencyKey: crypto.randomUUID(),
});

describe('use:prefetchIngoFundingForm', () => {
  it('starts the session on pointerenter; choosing that destination mounts it without asking again', async () => {
    const { session, created } = ingo();
    render(Chooser, { props: { session, sdkUrl: freshSdkUrl() } });
    await waitFor(() => expect(fake.current?.destination).toBe('debit'));
    const ach = screen.getByText('ach');
    await fireEvent.pointerEnter(ach);
    await fireEvent.pointerEnter(ach);
    expect(session).toHaveBeenCalledTimes(2);
    expect(session.mock.calls[1]?.[0].destination).toBe('ach');
    await fireEvent.click(screen.getByRole('radio', { name: 'ach' }));
    await waitFor(() => expect(fake.current?.destination).toBe('ach'));
    expect(session).toHaveBeenCalledTimes(2);
    expect(created()).toBe(2);
    expect(fake.current?.authorizedUrl).toContain('/session/s2?t=2');
  });

  it('starts it when the radio button inside the label gets the focus (focusin)', async () => {
    const { session } = ingo();
    render(Chooser, { props: { session, sdkUrl: freshSdkUrl() } });
    await waitFor(() => expect(session).toHaveBeenCalledTimes(1));
    screen.getByRole('radio', { name: 'ach' }).focus();
    expect(session).toHaveBeenCalledTimes(2);
    expect(session.mock.calls[1]?.[0].destination).toBe('ach');
  });

  it('uses the newest parameter, and stops listening when destroyed', () => {
    const first = ingo();
    const second = ingo();
    const node = document.body.appendChild(document.createElement('button'));
    const action = prefetchIngoFundingForm(node, { session: first.session, destination: 'ach' });
    action.update({ session: second.session, destination: 'ach' });
    node.dispatchEvent(new Event('pointerenter'));
    expect(first.session).not.toHaveBeenCalled();
    expect(second.session).toHaveBeenCalledTimes(1);
    // No parameter: the destination on show, say. Nothing happens.
    action.update(undefined);
    node.dispatchEvent(new Event('pointerenter'));
    expect(second.session).toHaveBeenCalledTimes(1);
    action.update({ session: second.session, destination: 'ach' });
    action.destroy();
    node.dispatchEvent(new Event('focusin'));
    expect(second.session).toHaveBeenCalledTimes(1);
    node.remove();
  });
});

describe('<IngoFundingForm initialSession>', () => {
  const props = (extra: Pick<IngoFundingFormProps, 'session' | 'sdkUrl' | 'initialSession'>) =>
    ({
      destination: 'debit',
      onToken: () => {},
      onFailure: () => {},
      ...extra,
    }) as IngoFundingFormProps;

  it('mounts the session the server created without asking', async () => {
    const { session } = ingo();
    render(IngoFundingForm, {
      props: props({ session, sdkUrl: freshSdkUrl(), initialSession: initial() }),
    });
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(fake.current?.authorizedUrl).toBe('https://webplugin.ingo.test/session/rendered?t=1');
    expect(session).not.toHaveBeenCalled();
  });

  it('asks the endpoint with its key when it is too old', async () => {
    const { session } = ingo();
    const old = initial(-5_000);
    render(IngoFundingForm, {
      props: props({ session, sdkUrl: freshSdkUrl(), initialSession: old }),
    });
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(session.mock.calls.map(([request]) => request)).toEqual([
      { idempotencyKey: old.idempotencyKey, destination: 'debit' },
    ]);
  });

  it('serves the first form only: another destination, and coming back, ask anew', async () => {
    const { session } = ingo();
    const rendered = initial();
    render(Chooser, { props: { session, sdkUrl: freshSdkUrl(), initialSession: rendered } });
    await waitFor(() => expect(fake.mounts).toHaveLength(1));
    expect(session).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('radio', { name: 'ach' }));
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    await fireEvent.click(screen.getByRole('radio', { name: 'debit' }));
    await waitFor(() => expect(fake.mounts).toHaveLength(3));
    expect(session).toHaveBeenCalledTimes(2);
    expect(session.mock.calls.map(([request]) => request.idempotencyKey)).not.toContain(
      rendered.idempotencyKey,
    );
  });
});

describe('re-exports for apps that depend on the binding only', () => {
  it('has preloadIngo and ingoPreloadLinks', () => {
    expect(ingoPreloadLinks({ sdkUrl: 'https://cdn.ingo.test/sdk.js' })).toHaveLength(2);
    fake.uninstall();
    preloadIngo({ sdkUrl: freshSdkUrl() });
    expect(document.querySelectorAll('script')).toHaveLength(1);
  });
});
