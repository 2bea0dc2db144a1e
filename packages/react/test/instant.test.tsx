import type { FundingDestination, InitialSession, SessionFunction } from '@ingo-embed/core';
import { installFakeIngo } from '@ingo-embed/core/testing';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useLayoutEffect, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  IngoFundingForm,
  ingoPreloadLinks,
  prefetchFundingForm,
  preloadIngo,
  useIngoFundingForm,
  usePrefetchIngoFundingForm,
} from '../src/index.js';
import { freshSdkUrl, iframes } from './helpers.js';

const noop = () => {};

/**
 * A session function per test, answering like Ingo: one session per key, a new URL per call.
 * Its own identity keeps each test's prefetches to itself.
 */
function ingo(lifetimeMs = 30_000) {
  const ids = new Map<string, string>();
  let urls = 0;
  const session = vi.fn<SessionFunction>(async ({ idempotencyKey }) => {
    if (!ids.has(idempotencyKey)) ids.set(idempotencyKey, `s${ids.size + 1}`);
    return {
      authorizedUrl: `https://webplugin-uat.example.test/session/${ids.get(idempotencyKey)}?t=${++urls}`,
      expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    };
  });
  return { session, created: () => ids.size };
}

const initial = (lifetimeMs = 30_000): InitialSession => ({
  authorizedUrl: 'https://webplugin-uat.example.test/session/rendered?t=1',
  expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
  idempotencyKey: crypto.randomUUID(),
});

/** Records the function the hook returns at each render; its button prefetches paypal. */
function PrefetchProbe({ session, seen }: { session: SessionFunction; seen: unknown[] }) {
  const prefetch = usePrefetchIngoFundingForm({ session });
  seen.push(prefetch);
  return <button type="button" {...prefetch('paypal')} />;
}

/** A custom layout with a layout effect after the hook's: records the session calls it sees. */
function CommitProbe({
  session,
  sdkUrl,
  seen,
}: {
  session: SessionFunction;
  sdkUrl: string;
  seen: number[];
}) {
  const form = useIngoFundingForm({ destination: 'debit', session, sdkUrl });
  // Declared after the hook: in each commit it runs after the hook's own effect.
  useLayoutEffect(() => {
    seen.push((session as ReturnType<typeof vi.fn>).mock.calls.length);
  });
  return <div ref={form.ref} />;
}

/** A destination choice whose options prefetch on hover and focus, as the sample apps do. */
function Chooser({ session, sdkUrl }: { session: SessionFunction; sdkUrl: string }) {
  const [destination, setDestination] = useState<FundingDestination>('debit');
  const prefetch = usePrefetchIngoFundingForm({ session, sdkUrl });
  return (
    <>
      {(['debit', 'ach'] as const).map((value) => (
        <label key={value} {...prefetch(value)}>
          <input
            type="radio"
            name="destination"
            checked={destination === value}
            onChange={() => setDestination(value)}
          />
          {value}
        </label>
      ))}
      <IngoFundingForm
        destination={destination}
        session={session}
        sdkUrl={sdkUrl}
        onToken={noop}
        onFailure={noop}
      />
    </>
  );
}

describe('usePrefetchIngoFundingForm', () => {
  it('starts the session on hover; choosing that destination mounts it without asking again', async () => {
    const fake = installFakeIngo();
    const { session, created } = ingo();
    render(<Chooser session={session} sdkUrl={freshSdkUrl()} />);
    await waitFor(() => expect(fake.current?.destination).toBe('debit'));
    expect(session).toHaveBeenCalledTimes(1);

    fireEvent.pointerEnter(screen.getByText('ach'));
    fireEvent.pointerEnter(screen.getByText('ach'));
    expect(session).toHaveBeenCalledTimes(2);
    expect(session.mock.calls[1]?.[0].destination).toBe('ach');
    fireEvent.click(screen.getByRole('radio', { name: 'ach' }));
    await waitFor(() => expect(fake.current?.destination).toBe('ach'));
    expect(session).toHaveBeenCalledTimes(2);
    expect(created()).toBe(2);
    expect(fake.current?.authorizedUrl).toContain('/session/s2?t=2');
    expect(iframes()).toHaveLength(1);
  });

  it('starts it on focus too (keyboard users)', async () => {
    installFakeIngo();
    const { session } = ingo();
    render(<Chooser session={session} sdkUrl={freshSdkUrl()} />);
    await waitFor(() => expect(session).toHaveBeenCalledTimes(1));
    act(() => screen.getByRole('radio', { name: 'ach' }).focus());
    expect(session).toHaveBeenCalledTimes(2);
    expect(session.mock.calls[1]?.[0].destination).toBe('ach');
  });

  it('returns one stable function; the handlers call the newest options', () => {
    const first = ingo();
    const second = ingo();
    const seen: unknown[] = [];
    const { rerender } = render(<PrefetchProbe session={first.session} seen={seen} />);
    rerender(<PrefetchProbe session={second.session} seen={seen} />);
    expect(seen[0]).toBe(seen[1]);
    fireEvent.focus(screen.getByRole('button'));
    expect(first.session).not.toHaveBeenCalled();
    expect(second.session).toHaveBeenCalledTimes(1);
  });
});

describe('<IngoFundingForm initialSession>', () => {
  it('mounts the session the server created without asking', async () => {
    const fake = installFakeIngo();
    const { session } = ingo();
    render(
      <IngoFundingForm
        destination="debit"
        session={session}
        initialSession={initial()}
        sdkUrl={freshSdkUrl()}
        onToken={noop}
        onFailure={noop}
      />,
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(fake.current?.authorizedUrl).toBe(
      'https://webplugin-uat.example.test/session/rendered?t=1',
    );
    expect(session).not.toHaveBeenCalled();
  });

  it('asks the endpoint with its key when it is too old by the time the page is interactive', async () => {
    const fake = installFakeIngo();
    const { session } = ingo();
    const old = initial(-5_000);
    render(
      <IngoFundingForm
        destination="debit"
        session={session}
        initialSession={old}
        sdkUrl={freshSdkUrl()}
        onToken={noop}
        onFailure={noop}
      />,
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(session).toHaveBeenCalledTimes(1);
    expect(session.mock.calls[0]?.[0]).toEqual({
      idempotencyKey: old.idempotencyKey,
      destination: 'debit',
    });
  });

  it('under StrictMode mounts it once, without a request', async () => {
    const fake = installFakeIngo();
    const { session } = ingo();
    render(
      <StrictMode>
        <IngoFundingForm
          destination="debit"
          session={session}
          initialSession={initial()}
          sdkUrl={freshSdkUrl()}
          onToken={noop}
          onFailure={noop}
        />
      </StrictMode>,
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(session).not.toHaveBeenCalled();
    expect(fake.mounts).toHaveLength(1);
    expect(iframes()).toHaveLength(1);
  });

  it('serves the first form only: a new destination, and going back, ask anew', async () => {
    const fake = installFakeIngo();
    const { session } = ingo();
    const rendered = initial();
    const sdkUrl = freshSdkUrl();
    const form = (destination: FundingDestination) => (
      <IngoFundingForm
        destination={destination}
        session={session}
        initialSession={rendered}
        sdkUrl={sdkUrl}
        onToken={noop}
        onFailure={noop}
      />
    );
    const { rerender } = render(form('debit'));
    await waitFor(() => expect(fake.mounts).toHaveLength(1));
    rerender(form('ach'));
    await waitFor(() => expect(fake.mounts).toHaveLength(2));
    rerender(form('debit'));
    await waitFor(() => expect(fake.mounts).toHaveLength(3));
    expect(session).toHaveBeenCalledTimes(2);
    expect(session.mock.calls.map(([request]) => request.idempotencyKey)).not.toContain(
      rendered.idempotencyKey,
    );
  });
});

describe('prefetch and StrictMode', () => {
  it('a prefetched session is mounted once under StrictMode, with no second request', async () => {
    const fake = installFakeIngo();
    const { session } = ingo();
    const sdkUrl = freshSdkUrl();
    prefetchFundingForm({ session, destination: 'credit', sdkUrl });
    render(
      <StrictMode>
        <IngoFundingForm
          destination="credit"
          session={session}
          sdkUrl={sdkUrl}
          onToken={noop}
          onFailure={noop}
        />
      </StrictMode>,
    );
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(session).toHaveBeenCalledTimes(1);
    expect(fake.mounts).toHaveLength(1);
  });
});

describe('mounting in the commit', () => {
  it('asks for the session in the commit that has the container, before the browser paints', () => {
    installFakeIngo();
    const { session } = ingo();
    const sdkUrl = freshSdkUrl();
    /** Session requests made by the time each commit's later layout effect ran. */
    const seen: number[] = [];
    render(<CommitProbe session={session} sdkUrl={sdkUrl} seen={seen} />);
    // First commit: no container yet. Second (the ref set it): the form has already asked.
    expect(seen.slice(0, 2)).toEqual([0, 1]);
  });
});

describe('re-exports for apps that depend on the binding only', () => {
  it('has preloadIngo and ingoPreloadLinks', () => {
    expect(ingoPreloadLinks({ sdkUrl: 'https://cdn.ingo.test/sdk.js' })).toHaveLength(2);
    preloadIngo({ sdkUrl: freshSdkUrl() });
    expect(document.querySelectorAll('script')).toHaveLength(1);
  });
});
