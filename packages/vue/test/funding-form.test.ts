import type { AuthorizedSession, SessionRequest } from '@ingo-embed/core';
import { type FakeIngo, installFakeIngo } from '@ingo-embed/core/testing';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, h, KeepAlive, nextTick, ref, shallowRef } from 'vue';
import {
  type FundingDestination,
  IngoEmbedError,
  type IngoEvent,
  IngoFundingForm,
  type IngoToken,
  type SessionSource,
} from '../src/index.js';
import CheckoutForm from './fixtures/CheckoutForm.vue';

const SDK_URL = 'https://sdk.example.test/ingo.js';
const AUTHORIZED_URL = 'https://webplugin.example.test/session/s-1?t=1&h=x';

let fake: FakeIngo;
afterEach(() => {
  cleanup();
  fake?.uninstall();
});

/** A session function that answers at once, and records what it was asked. */
function sessionSpy() {
  let n = 0;
  return vi.fn(
    async (_request: SessionRequest): Promise<AuthorizedSession> => ({
      authorizedUrl: `https://webplugin.example.test/session/s-${++n}?t=1&h=x`,
      sdkUrl: SDK_URL,
    }),
  );
}

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const mounted = () => waitFor(() => expect(fake.current).toBeDefined());

describe('<IngoFundingForm>', () => {
  it('renders one container with the attributes passed, and mounts the iframe inside it', async () => {
    fake = installFakeIngo();
    const { container } = render(IngoFundingForm, {
      props: { destination: 'credit', authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL },
      attrs: { id: 'pay', class: 'funding', style: 'min-height: 400px' },
    });
    await mounted();
    const root = container.firstElementChild as HTMLElement;
    expect(root.tagName).toBe('DIV');
    expect(root.id).toBe('pay');
    expect(root.className).toBe('funding');
    expect(root.style.minHeight).toBe('400px');
    expect(root.contains(fake.current?.iframe as Node)).toBe(true);
    expect(fake.mounts).toHaveLength(1);
    expect(fake.current).toMatchObject({ authorizedUrl: AUTHORIZED_URL, destination: 'credit' });
  });

  it('emits @token with the customer account token, and every state on the way', async () => {
    fake = installFakeIngo();
    const { emitted } = render(IngoFundingForm, {
      props: { destination: 'debit', authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL },
    });
    await mounted();
    fake.tokenSuccess('tok_123');
    const token = emitted<[IngoToken]>().token?.[0]?.[0];
    expect(token).toMatchObject({ customerAccountToken: 'tok_123', destination: 'debit' });
    expect(emitted().stateChange).toEqual([['loading'], ['ready'], ['tokenized']]);
    expect(emitted<[IngoEvent]>().event?.map(([event]) => event.type)).toEqual(['TOKEN_SUCCESS']);
  });

  it('emits @cancel and @event when the recipient cancels', async () => {
    fake = installFakeIngo();
    const { emitted } = render(IngoFundingForm, {
      props: { destination: 'ach', authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL },
    });
    await mounted();
    fake.cancel();
    expect(emitted().cancel).toEqual([[expect.objectContaining({ type: 'FUNDING_CANCELED' })]]);
    expect(emitted().event).toEqual([[expect.objectContaining({ type: 'FUNDING_CANCELED' })]]);
    expect(emitted().failure).toBeUndefined();
  });

  it('reports a failure, exposes it, and retry() re-authorizes the same session', async () => {
    fake = installFakeIngo();
    const session = sessionSpy();
    const form = ref<InstanceType<typeof IngoFundingForm>>();
    const onFailure = vi.fn();
    render(() =>
      h(IngoFundingForm, { ref: form, destination: 'debit', session, onFailure: onFailure }),
    );
    await mounted();
    fake.terminalFailure('1105');

    expect(onFailure).toHaveBeenCalledTimes(1);
    const failure = onFailure.mock.calls[0]?.[0];
    expect(failure).toBeInstanceOf(IngoEmbedError);
    expect(failure).toMatchObject({ code: 'terminal_failure', retryable: true, ingoCode: '1105' });
    expect(form.value?.state).toBe('failed');
    expect(form.value?.error).toBe(failure);

    form.value?.retry();
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(form.value?.state).toBe('ready');
    expect(form.value?.error).toBeUndefined();
    // Same idempotency key: Ingo re-authorizes the same session.
    const [first, second] = session.mock.calls.map(([request]) => request.idempotencyKey);
    expect(second).toBe(first);
  });

  it('retry() after max attempts starts a new session (a new idempotency key)', async () => {
    fake = installFakeIngo();
    const session = sessionSpy();
    const form = ref<InstanceType<typeof IngoFundingForm>>();
    render(() => h(IngoFundingForm, { ref: form, destination: 'paypal', session }));
    await mounted();
    fake.maxAttemptsExceeded();
    expect(form.value?.error).toMatchObject({ code: 'max_attempts_exceeded', retryable: false });
    form.value?.retry();
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    const [first, second] = session.mock.calls.map(([request]) => request.idempotencyKey);
    expect(second).not.toBe(first);
    expect(fake.current?.destination).toBe('paypal');
  });

  it('reports a script that fails to load as a retryable failure, and retry loads it again', async () => {
    fake = installFakeIngo({ installed: false });
    const form = ref<InstanceType<typeof IngoFundingForm>>();
    const onFailure = vi.fn();
    render(() =>
      h(IngoFundingForm, {
        ref: form,
        destination: 'debit',
        authorizedUrl: AUTHORIZED_URL,
        sdkUrl: SDK_URL,
        onFailure,
      }),
    );
    await waitFor(() => expect(document.querySelector('script[src]')).not.toBeNull());
    fake.failScript();
    await waitFor(() => expect(form.value?.state).toBe('failed'));
    expect(onFailure.mock.calls[0]?.[0]).toMatchObject({ code: 'script_load_failed' });
    form.value?.retry();
    await waitFor(() => expect(document.querySelector('script[src]')).not.toBeNull());
    fake.loadScript();
    await mounted();
    expect(form.value?.state).toBe('ready');
  });
});

describe('prop changes', () => {
  it('changing destination destroys the form and mounts a new one', async () => {
    fake = installFakeIngo();
    const { rerender, emitted } = render(IngoFundingForm, {
      props: { destination: 'debit', authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL },
    });
    await mounted();
    await rerender({ destination: 'billpay' });
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(fake.current?.destination).toBe('billpay');
    expect(fake.listenerCount).toBe(Object.keys(fake.sdk.EVENTS).length);
    // The old form's end is not reported as a state of this one.
    expect(emitted().stateChange).not.toContainEqual(['destroyed']);
  });

  it('changing authorizedUrl remounts; unchanged values and mount-time props do not', async () => {
    fake = installFakeIngo();
    const { rerender } = render(IngoFundingForm, {
      props: { destination: 'debit', authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL },
    });
    await mounted();
    await rerender({ authorizedUrl: `${AUTHORIZED_URL}&again` });
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(fake.current?.authorizedUrl).toBe(`${AUTHORIZED_URL}&again`);

    // Same values again, and a prop read only at mount: nothing remounts.
    await rerender({ authorizedUrl: `${AUTHORIZED_URL}&again`, timeoutMs: 5000 });
    await nextTick();
    expect(fake.mounts).toHaveLength(2);
  });

  it('changing the session URL remounts and asks the new endpoint', async () => {
    fake = installFakeIngo();
    const fetchSpy = vi.fn(
      async (_url: string, _init: RequestInit) =>
        new Response(JSON.stringify({ authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL }), {
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    vi.stubGlobal('fetch', fetchSpy);
    try {
      const { rerender } = render(IngoFundingForm, {
        props: { destination: 'debit', session: '/api/one' },
      });
      await mounted();
      await rerender({ session: '/api/two' });
      await waitFor(() => expect(fake.mounts).toHaveLength(2));
      expect(fetchSpy.mock.calls.map(([url]) => url)).toEqual(['/api/one', '/api/two']);
      expect(fake.mounts[0]?.destroyed).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a new session function does not remount, and is the one called next time', async () => {
    fake = installFakeIngo();
    const first = sessionSpy();
    const second = sessionSpy();
    const session = shallowRef<SessionSource>(first);
    const form = ref<InstanceType<typeof IngoFundingForm>>();
    render(() => h(IngoFundingForm, { ref: form, destination: 'debit', session: session.value }));
    await mounted();
    session.value = second;
    await nextTick();
    await nextTick();
    expect(fake.mounts).toHaveLength(1);
    fake.terminalFailure();
    form.value?.retry();
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('calls the latest @token listener without remounting', async () => {
    fake = installFakeIngo();
    const before = vi.fn();
    const after = vi.fn();
    const listener = shallowRef(before);
    render(() =>
      h(IngoFundingForm, {
        destination: 'debit',
        authorizedUrl: AUTHORIZED_URL,
        sdkUrl: SDK_URL,
        onToken: listener.value,
      }),
    );
    await mounted();
    listener.value = after;
    await nextTick();
    fake.tokenSuccess('tok_latest');
    expect(fake.mounts).toHaveLength(1);
    expect(before).not.toHaveBeenCalled();
    expect(after).toHaveBeenCalledWith(
      expect.objectContaining({ customerAccountToken: 'tok_latest' }),
    );
  });

  it('changing the container element (v-if) mounts into the new one', async () => {
    fake = installFakeIngo();
    const show = ref(true);
    render(() =>
      show.value
        ? h(IngoFundingForm, {
            destination: 'debit',
            authorizedUrl: AUTHORIZED_URL,
            sdkUrl: SDK_URL,
          })
        : null,
    );
    await mounted();
    show.value = false;
    await nextTick();
    expect(fake.current).toBeUndefined();
    expect(fake.listenerCount).toBe(0);
    show.value = true;
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
  });
  it('inside <KeepAlive>: deactivating destroys the form, reactivating mounts a new one', async () => {
    // A deactivated component leaves the document, and a detached iframe loses its page: the
    // one-time authorized URL could not be loaded again, so the binding starts over.
    fake = installFakeIngo();
    const shown = ref(true);
    const onStateChange = vi.fn();
    const Other = () => h('p', 'elsewhere');
    render(() =>
      h(KeepAlive, null, [
        shown.value
          ? h(IngoFundingForm, {
              destination: 'debit',
              authorizedUrl: AUTHORIZED_URL,
              sdkUrl: SDK_URL,
              onStateChange,
            })
          : h(Other),
      ]),
    );
    await mounted();
    expect(fake.mounts).toHaveLength(1);
    shown.value = false;
    await nextTick();
    expect(fake.listenerCount).toBe(0);
    expect(fake.current).toBeUndefined();
    shown.value = true;
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    expect(fake.current?.iframe.isConnected).toBe(true);
    expect(onStateChange.mock.calls.flat()).toEqual(['loading', 'ready', 'loading', 'ready']);
  });
});

describe('unmounting early', () => {
  it('during the script load: nothing mounts later and nothing throws', async () => {
    fake = installFakeIngo({ installed: false });
    const onStateChange = vi.fn();
    const onFailure = vi.fn();
    const { unmount } = render(IngoFundingForm, {
      props: {
        destination: 'debit',
        authorizedUrl: AUTHORIZED_URL,
        sdkUrl: SDK_URL,
        onStateChange,
        onFailure,
      },
    });
    await waitFor(() => expect(document.querySelector('script[src]')).not.toBeNull());
    unmount();
    fake.loadScript();
    // Let the loader's and mount's promise chains run to their end.
    await new Promise((done) => setTimeout(done));
    expect(fake.mounts).toHaveLength(0);
    expect(onFailure).not.toHaveBeenCalled();
    expect(onStateChange.mock.calls).toEqual([['loading']]);
  });

  it('during the session fetch: the request is aborted and its late answer ignored', async () => {
    fake = installFakeIngo();
    const answer = deferred<AuthorizedSession>();
    let signal: AbortSignal | undefined;
    const onFailure = vi.fn();
    const { unmount } = render(IngoFundingForm, {
      props: {
        destination: 'debit',
        session: (_request: SessionRequest, context: { signal: AbortSignal }) => {
          signal = context.signal;
          return answer.promise;
        },
        onFailure,
      },
    });
    await waitFor(() => expect(signal).toBeDefined());
    unmount();
    expect(signal?.aborted).toBe(true);
    answer.resolve({ authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL });
    await new Promise((done) => setTimeout(done));
    expect(fake.mounts).toHaveLength(0);
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('after mounting: the iframe and every SDK listener go away', async () => {
    fake = installFakeIngo();
    const { unmount } = render(IngoFundingForm, {
      props: { destination: 'debit', authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL },
    });
    await mounted();
    unmount();
    expect(fake.mounts[0]?.destroyed).toBe(true);
    expect(fake.listenerCount).toBe(0);
  });
});

describe('bad input', () => {
  it('goes to Vue error handling as an invalid_options IngoEmbedError that says what to fix', () => {
    fake = installFakeIngo();
    const errorHandler = vi.fn();
    // Both sources at once: core refuses the options.
    const app = createApp(IngoFundingForm, {
      destination: 'debit',
      session: '/api/ingo/session',
      authorizedUrl: AUTHORIZED_URL,
      sdkUrl: SDK_URL,
    });
    app.config.errorHandler = errorHandler;
    app.mount(document.createElement('div'));
    expect(errorHandler).toHaveBeenCalledTimes(1);
    const [thrown] = errorHandler.mock.calls[0] ?? [];
    expect(thrown).toBeInstanceOf(IngoEmbedError);
    expect(thrown).toMatchObject({ code: 'invalid_options' });
    expect((thrown as Error).message).toMatch(/one of session and authorizedUrl/);
    expect(fake.mounts).toHaveLength(0);
    app.unmount();
  });

  it('mounts once the props are fixed, and that form still ends with the component', async () => {
    fake = installFakeIngo();
    // Both sources at first: refused; then the session function alone.
    const authorizedUrl = ref<string | undefined>(AUTHORIZED_URL);
    const shown = ref(true);
    const app = createApp(() =>
      shown.value
        ? h(IngoFundingForm, {
            destination: 'debit',
            session: sessionSpy(),
            authorizedUrl: authorizedUrl.value,
            sdkUrl: SDK_URL,
          })
        : null,
    );
    const errorHandler = vi.fn();
    app.config.errorHandler = errorHandler;
    app.mount(document.body.appendChild(document.createElement('div')));
    expect(errorHandler).toHaveBeenCalledTimes(1);
    authorizedUrl.value = undefined;
    await mounted();
    shown.value = false;
    await nextTick();
    expect(fake.current).toBeUndefined();
    expect(fake.listenerCount).toBe(0);
    app.unmount();
  });
});

describe('in a consumer .vue component', () => {
  it('wires @token, @failure, @state-change and the template ref as an app would', async () => {
    fake = installFakeIngo();
    render(CheckoutForm, { props: { authorizedUrl: AUTHORIZED_URL, sdkUrl: SDK_URL } });
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready / ready'));
    expect(screen.getByTestId('funding-form').className).toBe('funding');

    fake.terminalFailure();
    await waitFor(() =>
      expect(screen.getByTestId('error').textContent).toMatch('terminal_failure'),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(fake.mounts).toHaveLength(2));

    await fireEvent.click(screen.getByLabelText('Credit card'));
    await waitFor(() => expect(fake.current?.destination).toBe('credit' as FundingDestination));
    fake.tokenSuccess('tok_sfc');
    await waitFor(() => expect(screen.getByTestId('token').textContent).toBe('tok_sfc (credit)'));
    expect(screen.getByTestId('state').textContent).toBe('tokenized / tokenized');
  });
});
