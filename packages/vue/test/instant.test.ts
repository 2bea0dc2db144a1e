import type { FundingDestination, InitialSession, SessionFunction } from '@ingo-embed/core';
import { type FakeIngo, installFakeIngo } from '@ingo-embed/core/testing';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, KeepAlive, ref } from 'vue';
import {
  IngoFundingForm,
  ingoPreloadLinks,
  preloadIngo,
  usePrefetchIngoFundingForm,
} from '../src/index.js';

let fake: FakeIngo;
afterEach(() => {
  cleanup();
  fake?.uninstall();
});

let scripts = 0;
/** A script URL no test loaded yet. */
const freshSdkUrl = () => `https://sdk.example.test/ingo-${++scripts}.js`;

/** A session function per test, answering like Ingo: one session per key, a new URL per call. */
function ingo(lifetimeMs = 30_000) {
  const ids = new Map<string, string>();
  let urls = 0;
  const session = vi.fn<SessionFunction>(async ({ idempotencyKey }) => {
    if (!ids.has(idempotencyKey)) ids.set(idempotencyKey, `s${ids.size + 1}`);
    return {
      authorizedUrl: `https://webplugin.example.test/session/${ids.get(idempotencyKey)}?t=${++urls}`,
      expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    };
  });
  return { session, created: () => ids.size };
}

const initial = (lifetimeMs = 30_000): InitialSession => ({
  authorizedUrl: 'https://webplugin.example.test/session/rendered?t=1',
  expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
  idempotencyKey: crypto.randomUUID(),
});

/** A destination choice whose labels prefetch on hover and focus, as the Nuxt demo does. */
const Chooser = defineComponent({
  props: {
    session: { type: Function, required: true },
    sdkUrl: { type: String, required: true },
    initialSession: Object,
  },
  setup(props) {
    const destination = ref<FundingDestination>('debit');
    const prefetch = usePrefetchIngoFundingForm({
      session: props.session as SessionFunction,
      sdkUrl: () => props.sdkUrl,
    });
    return () =>
      h('div', [
        ...(['debit', 'ach'] as const).map((value) =>
          h('label', { key: value, ...prefetch(value) }, [
            h('input', {
              type: 'radio',
              name: 'destination',
              checked: destination.value === value,
              onChange: () => {
                destination.value = value;
              },
            }),
            value,
          ]),
        ),
        h(IngoFundingForm, {
          destination: destination.value,
          session: props.session as SessionFunction,
          sdkUrl: props.sdkUrl,
          initialSession: props.initialSession as InitialSession | undefined,
        }),
      ]);
  },
});

describe('usePrefetchIngoFundingForm', () => {
  it('starts the session on pointerenter; choosing that destination mounts it without asking again', async () => {
    fake = installFakeIngo();
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
    fake = installFakeIngo();
    const { session } = ingo();
    render(Chooser, { props: { session, sdkUrl: freshSdkUrl() } });
    await waitFor(() => expect(session).toHaveBeenCalledTimes(1));
    screen.getByRole('radio', { name: 'ach' }).focus();
    expect(session).toHaveBeenCalledTimes(2);
    expect(session.mock.calls[1]?.[0].destination).toBe('ach');
  });
});

describe('<IngoFundingForm :initial-session>', () => {
  it('mounts the session the server created without asking', async () => {
    fake = installFakeIngo();
    const { session } = ingo();
    render(IngoFundingForm, {
      props: { destination: 'debit', session, sdkUrl: freshSdkUrl(), initialSession: initial() },
    });
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(fake.current?.authorizedUrl).toBe('https://webplugin.example.test/session/rendered?t=1');
    expect(session).not.toHaveBeenCalled();
  });

  it('asks the endpoint with its key when it is too old', async () => {
    fake = installFakeIngo();
    const { session } = ingo();
    const old = initial(-5_000);
    render(IngoFundingForm, {
      props: { destination: 'debit', session, sdkUrl: freshSdkUrl(), initialSession: old },
    });
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(session.mock.calls.map(([request]) => request)).toEqual([
      { idempotencyKey: old.idempotencyKey, destination: 'debit' },
    ]);
  });

  it('serves the first form only: another destination, and coming back, ask anew', async () => {
    fake = installFakeIngo();
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

  it('is not used again when <KeepAlive> brings the form back', async () => {
    fake = installFakeIngo();
    const { session } = ingo();
    const shown = ref(true);
    const sdkUrl = freshSdkUrl();
    const rendered = initial();
    const Other = defineComponent({ render: () => h('p', 'other') });
    render(
      defineComponent({
        setup: () => () =>
          h(KeepAlive, null, [
            shown.value
              ? h(IngoFundingForm, {
                  destination: 'debit',
                  session,
                  sdkUrl,
                  initialSession: rendered,
                })
              : h(Other),
          ]),
      }),
    );
    await waitFor(() => expect(fake.mounts).toHaveLength(1));
    shown.value = false;
    await waitFor(() => expect(fake.current).toBeUndefined());
    shown.value = true;
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(session).toHaveBeenCalledTimes(1);
    expect(session.mock.calls[0]?.[0].idempotencyKey).not.toBe(rendered.idempotencyKey);
  });
});

describe('re-exports for apps that depend on the binding only', () => {
  it('has preloadIngo and ingoPreloadLinks', () => {
    expect(ingoPreloadLinks({ sdkUrl: 'https://cdn.ingo.test/sdk.js' })).toHaveLength(2);
    preloadIngo({ sdkUrl: freshSdkUrl() });
    expect(document.querySelectorAll('script')).toHaveLength(1);
  });
});
