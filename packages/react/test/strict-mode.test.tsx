import type * as Core from '@ingo-embed/core';
import { installFakeIngo } from '@ingo-embed/core/testing';
import { act, render, waitFor } from '@testing-library/react';
import { Activity, StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { IngoFundingForm } from '../src/index.js';
import { CustomLayout, iframes, sessionFunction } from './helpers.js';

/**
 * One entry per form the binding mounted (an attach to a new container), flipped when it ended
 * that form (detach, destroy, or an attach elsewhere). The props of these tests never change, so
 * no form is remounted by `update`.
 */
const created = vi.hoisted(() => [] as { destroyed: boolean }[]);

vi.mock('@ingo-embed/core', async (importOriginal) => {
  const core = await importOriginal<typeof Core>();
  const createFundingForm: typeof core.createFundingForm = (options) => {
    const form = core.createFundingForm(options);
    let attachedTo: HTMLElement | undefined;
    let record: { destroyed: boolean } | undefined;
    const end = () => {
      if (record) record.destroyed = true;
      attachedTo = record = undefined;
    };
    return {
      ...form,
      get state() {
        return form.state;
      },
      attach: (container) => {
        if (container === attachedTo) return;
        end();
        form.attach(container);
        attachedTo = container;
        record = { destroyed: false };
        created.push(record);
      },
      detach: () => {
        end();
        form.detach();
      },
      destroy: () => {
        end();
        form.destroy();
      },
    };
  };
  return { ...core, createFundingForm };
});

describe('under <StrictMode>', () => {
  it('ends with exactly one live iframe, calls onToken once, and destroys every form it created', async () => {
    created.length = 0;
    const fake = installFakeIngo();
    const session = sessionFunction();
    const onToken = vi.fn();
    const { unmount } = render(
      <StrictMode>
        <IngoFundingForm
          destination="debit"
          session={session}
          onToken={onToken}
          onFailure={vi.fn()}
        />
      </StrictMode>,
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(created.filter((form) => !form.destroyed)).toHaveLength(1);
    expect(iframes()).toHaveLength(1);
    expect(fake.mounts.filter((mount) => !mount.destroyed)).toHaveLength(1);
    // The forms StrictMode threw away had their session requests aborted.
    const signals = session.mock.calls.map(([, { signal }]) => signal.aborted);
    expect(signals).toEqual([...signals.slice(0, -1).map(() => true), false]);

    act(() => fake.tokenSuccess('cat-1'));
    expect(onToken).toHaveBeenCalledTimes(1);

    unmount();
    expect(created.every((form) => form.destroyed)).toBe(true);
    expect(iframes()).toHaveLength(0);
    expect(fake.listenerCount).toBe(0);
  });

  it('destroys the form while an <Activity> hides it and mounts one fresh form when shown again', async () => {
    created.length = 0;
    const fake = installFakeIngo();
    const session = sessionFunction();
    const ui = (mode: 'visible' | 'hidden') => (
      <StrictMode>
        <Activity mode={mode}>
          <CustomLayout destination="debit" session={session} />
        </Activity>
      </StrictMode>
    );
    const { rerender, unmount } = render(ui('visible'));
    await waitFor(() => expect(fake.current).toBeDefined());

    rerender(ui('hidden'));
    expect(created.every((form) => form.destroyed)).toBe(true);
    expect(iframes()).toHaveLength(0);
    expect(fake.listenerCount).toBe(0);

    rerender(ui('visible'));
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(created.filter((form) => !form.destroyed)).toHaveLength(1);
    expect(iframes()).toHaveLength(1);

    unmount();
    expect(created.every((form) => form.destroyed)).toBe(true);
    expect(iframes()).toHaveLength(0);
  });
});
