import type { AuthorizedSession } from '@ingo-embed/core';
import { installFakeIngo } from '@ingo-embed/core/testing';
import { render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IngoFundingForm, type IngoFundingFormProps } from '../src/index.js';
import { authorizedUrl, deferred, freshSdkUrl, iframes, SDK_URL } from './helpers.js';

type Props = Omit<IngoFundingFormProps, 'onToken' | 'onFailure'>;

/** Anything thrown or logged where no test can catch it. */
const stray = vi.fn();
const onWindowError = (event: ErrorEvent) => stray(event.error);
const onRejection = (event: PromiseRejectionEvent) => stray(event.reason);
beforeEach(() => {
  stray.mockClear();
  window.addEventListener('error', onWindowError);
  window.addEventListener('unhandledrejection', onRejection);
  vi.spyOn(console, 'error').mockImplementation(stray);
});
afterEach(() => {
  window.removeEventListener('error', onWindowError);
  window.removeEventListener('unhandledrejection', onRejection);
});

const callbacks = () => ({ onToken: vi.fn(), onFailure: vi.fn(), onStateChange: vi.fn() });
const renderForm = (props: Props, spies = callbacks()) => ({
  spies,
  ...render(<IngoFundingForm {...(props as IngoFundingFormProps)} {...spies} />),
});

describe('unmounting before the form is up', () => {
  it('during the script load: nothing mounts later and nothing throws', async () => {
    const fake = installFakeIngo({ installed: false });
    const sdkUrl = freshSdkUrl();
    const gone = renderForm({ destination: 'debit', authorizedUrl: authorizedUrl(), sdkUrl });
    gone.unmount();

    // A second form waits for the same script; it resumes after the first one would have.
    const later = renderForm({ destination: 'credit', authorizedUrl: authorizedUrl(), sdkUrl });
    fake.loadScript();
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(fake.mounts).toHaveLength(1);
    expect(fake.current?.destination).toBe('credit');
    expect(later.container.contains(fake.current?.iframe ?? null)).toBe(true);
    expect(iframes()).toHaveLength(1);
    expect(gone.spies.onFailure).not.toHaveBeenCalled();
    expect(gone.spies.onStateChange.mock.calls).toEqual([['loading']]);
    expect(stray).not.toHaveBeenCalled();
  });

  it('during the session fetch: the request is aborted, nothing mounts later and nothing throws', async () => {
    const fake = installFakeIngo();
    const answer = deferred<AuthorizedSession>();
    const session = vi.fn((_request, _context: { signal: AbortSignal }) => answer.promise);
    const gone = renderForm({ destination: 'debit', session, sdkUrl: SDK_URL });
    gone.unmount();
    expect(session.mock.calls[0]?.[1].signal.aborted).toBe(true);

    // A second form waits for the same answer; it resumes after the first one would have.
    renderForm({ destination: 'ach', session, sdkUrl: SDK_URL });
    answer.resolve({ authorizedUrl: authorizedUrl() });
    await waitFor(() => expect(fake.current).toBeDefined());
    expect(fake.mounts).toHaveLength(1);
    expect(fake.current?.destination).toBe('ach');
    expect(iframes()).toHaveLength(1);
    expect(gone.spies.onFailure).not.toHaveBeenCalled();
    expect(stray).not.toHaveBeenCalled();
  });

  it('after the form is up: the iframe and every SDK listener are gone', async () => {
    const fake = installFakeIngo();
    const { unmount } = renderForm({
      destination: 'debit',
      authorizedUrl: authorizedUrl(),
      sdkUrl: SDK_URL,
    });
    await waitFor(() => expect(fake.current).toBeDefined());
    const mount = fake.current;
    unmount();
    expect(mount?.destroyed).toBe(true);
    expect(iframes()).toHaveLength(0);
    expect(fake.listenerCount).toBe(0);
    expect(stray).not.toHaveBeenCalled();
  });
});
