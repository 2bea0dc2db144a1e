import type { AuthorizedSession } from '@ingo-embed/core';
import { type FakeIngo, installFakeIngo } from '@ingo-embed/core/testing';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSSRApp, defineComponent, h, KeepAlive, nextTick, ref } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { type IngoEmbedError, IngoFundingForm, useIngoFundingForm } from '../src/index.js';
import SlotsForm from './fixtures/SlotsForm.vue';

const SDK_URL = 'https://sdk.example.test/ingo.js';
const AUTHORIZED_URL = 'https://webplugin.example.test/session/s-1?t=1&h=x';

let fake: FakeIngo;
afterEach(() => {
  cleanup();
  fake?.uninstall();
});

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** The form with both slots, as an app writes them. */
const slots = {
  loading: () => h('p', { 'data-testid': 'placeholder' }, 'Loading the secure form…'),
  failure: ({ error, retry }: { error: IngoEmbedError; retry: () => void }) =>
    h('div', { role: 'alert' }, [
      h('p', `${error.code}: ${error.message}`),
      h('button', { type: 'button', onClick: retry }, error.retryable ? 'Try again' : 'Start over'),
    ]),
};

const container = () => screen.getByTestId('form');

describe('<IngoFundingForm> #loading', () => {
  it('shows inside the container until the form is ready, next to the iframe core adds', async () => {
    fake = installFakeIngo();
    const answer = deferred<AuthorizedSession>();
    render(() =>
      h(
        IngoFundingForm,
        {
          destination: 'debit',
          session: () => answer.promise,
          // Known up front: the script loads while the session request is out.
          sdkUrl: SDK_URL,
          'data-testid': 'form',
        },
        slots,
      ),
    );
    const placeholder = screen.getByTestId('placeholder');
    expect(container().contains(placeholder)).toBe(true);
    // Core puts its iframe in while the session request is out; the placeholder stays with it.
    await waitFor(() => expect(container().querySelector('iframe')).not.toBeNull());
    const iframe = container().querySelector('iframe') as HTMLIFrameElement;
    expect(iframe.style.visibility).toBe('hidden');
    expect(screen.getByTestId('placeholder')).toBe(placeholder);

    answer.resolve({ authorizedUrl: AUTHORIZED_URL });
    await waitFor(() => expect(screen.queryByTestId('placeholder')).toBeNull());
    // Vue removed its own node only: the iframe is the one core added, now shown and mounted.
    expect([...container().children]).toEqual([iframe]);
    expect(iframe.style.visibility).toBe('');
    expect(fake.current?.iframe).toBe(iframe);
  });

  it('is not shown once the form is there, and shows again when <KeepAlive> brings it back', async () => {
    fake = installFakeIngo();
    const shown = ref(true);
    render(() =>
      h(KeepAlive, null, [
        shown.value
          ? h(
              IngoFundingForm,
              {
                destination: 'debit',
                authorizedUrl: AUTHORIZED_URL,
                sdkUrl: SDK_URL,
                'data-testid': 'form',
              },
              slots,
            )
          : h('p', 'elsewhere'),
      ]),
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(screen.queryByTestId('placeholder')).toBeNull();

    shown.value = false;
    await nextTick();
    // Out of the document, the form is ended: its iframe would lose its page anyway.
    expect(fake.current).toBeUndefined();
    expect(fake.listenerCount).toBe(0);

    fake.uninstall();
    // The script is held back now, so that the reactivated form is seen loading.
    fake = installFakeIngo({ installed: false });
    shown.value = true;
    await nextTick();
    expect(container().contains(screen.getByTestId('placeholder'))).toBe(true);
    await waitFor(() => expect(document.querySelector('script[src]')).not.toBeNull());
    fake.loadScript();
    await waitFor(() => expect(fake.current?.iframe.isConnected).toBe(true));
    await waitFor(() => expect(screen.queryByTestId('placeholder')).toBeNull());
    expect(container().querySelectorAll('iframe')).toHaveLength(1);
  });
});

describe('<IngoFundingForm> #loading, server-rendered', () => {
  it('hydrates the placeholder without a mismatch, then gives way to the form', async () => {
    fake = installFakeIngo();
    const page = () =>
      h(
        IngoFundingForm,
        {
          destination: 'debit',
          authorizedUrl: AUTHORIZED_URL,
          sdkUrl: SDK_URL,
          'data-testid': 'form',
        },
        slots,
      );
    const root = document.body.appendChild(document.createElement('div'));
    root.innerHTML = await renderToString(createSSRApp(page));
    const rendered = root.querySelector('[data-testid="placeholder"]');
    // Vue reports hydration mismatches with console.warn and console.error.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const logError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = createSSRApp(page);
    try {
      app.mount(root);
      expect(warn).not.toHaveBeenCalled();
      expect(logError).not.toHaveBeenCalled();
      // Hydration kept the server's node.
      expect(root.querySelector('[data-testid="placeholder"]')).toBe(rendered);
      await waitFor(() => expect(fake.current).toBeDefined());
      await waitFor(() => expect(root.querySelector('[data-testid="placeholder"]')).toBeNull());
      expect([...(root.firstElementChild as HTMLElement).children]).toEqual([fake.current?.iframe]);
    } finally {
      warn.mockRestore();
      logError.mockRestore();
      app.unmount();
      root.remove();
    }
  });
});

describe('<IngoFundingForm> #failure', () => {
  it('gets the error and a retry that re-authorizes the same session', async () => {
    fake = installFakeIngo();
    let requests = 0;
    const keys: string[] = [];
    render(() =>
      h(
        IngoFundingForm,
        {
          destination: 'debit',
          session: async ({ idempotencyKey }) => {
            keys.push(idempotencyKey);
            return { authorizedUrl: `${AUTHORIZED_URL}&n=${++requests}`, sdkUrl: SDK_URL };
          },
          'data-testid': 'form',
        },
        slots,
      ),
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    const first = fake.current?.iframe as HTMLIFrameElement;
    expect(screen.queryByRole('alert')).toBeNull();

    fake.terminalFailure('1105');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^terminal_failure: .*1105/);
    // Ingo's own failure page stays on show, next to the slot.
    expect(container().contains(alert)).toBe(true);
    expect(first.isConnected).toBe(true);

    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(first.isConnected).toBe(false);
    expect([...container().children]).toEqual([fake.current?.iframe]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('shows a script that failed to load, and its retry loads the form', async () => {
    fake = installFakeIngo({ installed: false });
    render(() =>
      h(
        IngoFundingForm,
        {
          destination: 'debit',
          authorizedUrl: AUTHORIZED_URL,
          sdkUrl: SDK_URL,
          'data-testid': 'form',
        },
        slots,
      ),
    );
    expect(screen.getByTestId('placeholder')).toBeTruthy();
    await waitFor(() => expect(document.querySelector('script[src]')).not.toBeNull());
    fake.failScript();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^script_load_failed: /);
    expect(screen.queryByTestId('placeholder')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    // Loading again: the failure view gives way to the placeholder.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('placeholder')).toBeTruthy();
    await waitFor(() => expect(document.querySelector('script[src]')).not.toBeNull());
    fake.loadScript();
    await waitFor(() => expect(fake.current).toBeDefined());
    await waitFor(() => expect(screen.queryByTestId('placeholder')).toBeNull());
    expect([...container().children]).toEqual([fake.current?.iframe]);
  });
});

describe('useIngoFundingForm inside <KeepAlive>', () => {
  it('ends the form when deactivated and mounts a new one into the same element when back', async () => {
    fake = installFakeIngo();
    const Layout = defineComponent({
      setup() {
        const { container, state } = useIngoFundingForm({
          destination: 'ach',
          authorizedUrl: AUTHORIZED_URL,
          sdkUrl: SDK_URL,
        });
        return () =>
          h('section', [
            h('div', { ref: container, 'data-testid': 'form' }),
            h('p', { 'data-testid': 'state' }, state.value),
          ]);
      },
    });
    const shown = ref(true);
    render(() => h(KeepAlive, null, [shown.value ? h(Layout) : h('p', 'elsewhere')]));
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready'));
    const element = container();

    shown.value = false;
    await nextTick();
    expect(fake.current).toBeUndefined();
    expect(element.querySelector('iframe')).toBeNull();

    shown.value = true;
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready'));
    expect(fake.mounts).toHaveLength(2);
    expect(container()).toBe(element);
    expect(element.contains(fake.current?.iframe as Node)).toBe(true);
  });
});

describe('the slots in a consumer .vue component', () => {
  it('shows the placeholder, then the form; the failure view, then the form again', async () => {
    fake = installFakeIngo();
    render(SlotsForm, { props: { authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL } });
    expect(screen.getByTestId('placeholder').textContent).toBe('Loading the secure form…');
    await waitFor(() => expect(fake.current).toBeDefined());
    await waitFor(() => expect(screen.queryByTestId('placeholder')).toBeNull());

    fake.maxAttemptsExceeded();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('max_attempts_exceeded: we start over');
    await fireEvent.click(screen.getByRole('button', { name: 'Start over' }));
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(container().className).toBe('funding');
    expect([...container().children]).toEqual([fake.current?.iframe]);
  });
});
