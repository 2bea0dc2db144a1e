// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { createFundingForm, loadIngoSdk, mountFundingForm } from '../src/index.js';

describe('outside a browser', () => {
  it('importing core touches nothing, and calling it fails with not_in_browser', async () => {
    await expect(loadIngoSdk({ src: 'https://sdk.example.test/ingo.js' })).rejects.toMatchObject({
      name: 'IngoEmbedError',
      code: 'not_in_browser',
    });
    expect(() =>
      mountFundingForm({} as HTMLElement, { destination: 'debit', session: '/api/ingo/session' }),
    ).toThrow(expect.objectContaining({ code: 'not_in_browser' }));
  });
});

describe('the form controller on a server', () => {
  it('is created and read while rendering: idle, nothing touched; attach says not_in_browser', () => {
    const session = vi.fn();
    const form = createFundingForm({ destination: 'debit', session });
    expect(form.getSnapshot()).toEqual({ state: 'idle' });
    form.update({ destination: 'ach', session });
    form.detach();
    expect(() => form.attach({} as HTMLElement)).toThrow(
      expect.objectContaining({ code: 'not_in_browser' }),
    );
    expect(session).not.toHaveBeenCalled();
  });
});

describe('the instant entry outside a browser', () => {
  it('does nothing: no preload, no prefetch, no throw; the hints are plain data', async () => {
    const { ingoPreloadLinks, keepInitialSession, prefetchFundingForm, preloadIngo } = await import(
      '../src/instant.js'
    );
    const session = vi.fn();
    expect(() => preloadIngo({ sdkUrl: 'https://sdk.example.test/ingo.js' })).not.toThrow();
    expect(() => prefetchFundingForm({ session, destination: 'debit' })).not.toThrow();
    const initialSession = {
      authorizedUrl: 'https://ingo.example.test/session/s?t=1',
      expiresAt: new Date(Date.now() + 30_000).toISOString(),
      idempotencyKey: crypto.randomUUID(),
    };
    expect(() =>
      keepInitialSession({ session, destination: 'debit', initialSession }),
    ).not.toThrow();
    expect(session).not.toHaveBeenCalled();
    expect(ingoPreloadLinks({ sdkUrl: 'https://sdk.example.test/ingo.js' })).toHaveLength(2);
  });
});
