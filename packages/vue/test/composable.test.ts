import type { FundingDestination } from '@ingo-embed/core';
import { type FakeIngo, installFakeIngo } from '@ingo-embed/core/testing';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, reactive, ref } from 'vue';
import { useIngoFundingForm } from '../src/index.js';

const SDK_URL = 'https://sdk.example.test/ingo.js';
const AUTHORIZED_URL = 'https://webplugin.example.test/session/s-1?t=1&h=x';

let fake: FakeIngo;
afterEach(() => {
  cleanup();
  fake?.uninstall();
});

/** A custom layout: its own markup around the form, its own failure UI, a toggle for the form. */
const Layout = defineComponent({
  props: { onToken: Function },
  setup(props) {
    const destination = ref<FundingDestination>('debit');
    const shown = ref(true);
    const { container, state, error, retry } = useIngoFundingForm({
      destination,
      authorizedUrl: AUTHORIZED_URL,
      sdkUrl: SDK_URL,
      onToken: (token) => props.onToken?.(token),
    });
    return () =>
      h('main', [
        h('button', { onClick: () => (destination.value = 'ach') }, 'Bank account'),
        h('button', { onClick: () => (shown.value = !shown.value) }, 'Toggle'),
        shown.value ? h('div', { ref: container, 'data-testid': 'slot' }) : null,
        h('p', { 'data-testid': 'state' }, state.value),
        error.value
          ? h('p', { role: 'alert' }, [
              error.value.message,
              h('button', { onClick: retry }, 'Try again'),
            ])
          : null,
      ]);
  },
});

describe('useIngoFundingForm', () => {
  it('mounts into the element bound to `container` and reports state and errors', async () => {
    fake = installFakeIngo();
    const onToken = vi.fn();
    render(Layout, { props: { onToken } });
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready'));
    expect(screen.getByTestId('slot').contains(fake.current?.iframe as Node)).toBe(true);

    fake.terminalFailure('1105');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch('1105'));
    expect(screen.getByTestId('state').textContent).toBe('failed');
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('ready'));
    expect(screen.queryByRole('alert')).toBeNull();

    fake.tokenSuccess('tok_layout');
    expect(onToken).toHaveBeenCalledWith(
      expect.objectContaining({ customerAccountToken: 'tok_layout' }),
    );
  });

  it('remounts when a ref option changes, and follows its element in and out', async () => {
    fake = installFakeIngo();
    render(Layout);
    await waitFor(() => expect(fake.current).toBeDefined());
    await fireEvent.click(screen.getByRole('button', { name: 'Bank account' }));
    await waitFor(() => expect(fake.current?.destination).toBe('ach'));
    expect(fake.mounts).toHaveLength(2);

    await fireEvent.click(screen.getByRole('button', { name: 'Toggle' }));
    await nextTick();
    expect(fake.current).toBeUndefined();
    expect(screen.getByTestId('state').textContent).toBe('idle');

    await fireEvent.click(screen.getByRole('button', { name: 'Toggle' }));
    await waitFor(() => expect(fake.mounts).toHaveLength(3));
    expect(fake.current?.destination).toBe('ach');
  });

  it('stops watching once unmounted: a later change of its refs mounts nothing', async () => {
    fake = installFakeIngo();
    const destination = ref<FundingDestination>('debit');
    const Host = defineComponent({
      setup() {
        const { container } = useIngoFundingForm({
          destination,
          authorizedUrl: AUTHORIZED_URL,
          sdkUrl: SDK_URL,
        });
        return () => h('div', { ref: container });
      },
    });
    const { unmount } = render(Host);
    await waitFor(() => expect(fake.current).toBeDefined());
    unmount();
    destination.value = 'credit';
    await new Promise((done) => setTimeout(done));
    expect(fake.mounts).toHaveLength(1);
    expect(fake.current).toBeUndefined();
  });

  it('calls the callback a reactive options object holds now, without remounting', async () => {
    fake = installFakeIngo();
    const before = vi.fn();
    const after = vi.fn();
    const options = reactive({
      destination: 'debit' as FundingDestination,
      authorizedUrl: AUTHORIZED_URL,
      sdkUrl: SDK_URL,
      onToken: before,
    });
    const Host = defineComponent({
      setup() {
        const { container } = useIngoFundingForm(options);
        return () => h('div', { ref: container });
      },
    });
    render(Host);
    await waitFor(() => expect(fake.current).toBeDefined());
    options.onToken = after;
    await nextTick();
    fake.tokenSuccess('tok_swapped');
    expect(fake.mounts).toHaveLength(1);
    expect(before).not.toHaveBeenCalled();
    expect(after).toHaveBeenCalledWith(
      expect.objectContaining({ customerAccountToken: 'tok_swapped' }),
    );
  });
});
