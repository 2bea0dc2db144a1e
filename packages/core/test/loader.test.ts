import { afterEach, describe, expect, it, vi } from 'vitest';
import { IngoEmbedError, loadIngoSdk } from '../src/index.js';
import { installFakeIngo } from '../src/testing.js';

let n = 0;
/** A fresh script URL per test: the loader remembers in-flight loads by URL. */
const nextSrc = () => `https://sdk.example.test/ingo-${++n}.js`;
const scripts = () => [...document.querySelectorAll('script')];

afterEach(() => {
  delete window.IngoInstantPayments;
  for (const script of scripts()) script.remove();
  vi.useRealTimers();
});

describe('loadIngoSdk', () => {
  it('injects one script for concurrent callers and resolves the global for all of them', async () => {
    const fake = installFakeIngo({ installed: false });
    const src = nextSrc();
    const loads = [loadIngoSdk({ src }), loadIngoSdk({ src }), loadIngoSdk({ src })];
    expect(scripts()).toHaveLength(1);
    expect(scripts()[0]?.src).toBe(src);
    fake.loadScript();
    const sdks = await Promise.all(loads);
    expect(sdks.every((sdk) => sdk === fake.sdk)).toBe(true);
  });

  it('reuses a tag already on the page, even with another query string', async () => {
    const fake = installFakeIngo({ installed: false });
    const src = nextSrc();
    const existing = document.createElement('script');
    existing.src = `${src}?v=2`;
    document.head.append(existing);
    const load = loadIngoSdk({ src });
    expect(scripts()).toEqual([existing]);
    fake.loadScript();
    await expect(load).resolves.toBe(fake.sdk);
  });

  it('uses a global that is already defined without injecting anything', async () => {
    const fake = installFakeIngo();
    await expect(loadIngoSdk({ src: nextSrc() })).resolves.toBe(fake.sdk);
    expect(scripts()).toHaveLength(0);
  });

  it('copies the CSP nonce onto the injected tag', () => {
    installFakeIngo({ installed: false });
    void loadIngoSdk({ src: nextSrc(), nonce: 'abc123' }).catch(() => {});
    expect(scripts()[0]?.nonce).toBe('abc123');
  });

  it('rejects a failed load with a typed error, removes the tag, and really retries next time', async () => {
    const fake = installFakeIngo({ installed: false });
    const src = nextSrc();
    const first = loadIngoSdk({ src });
    fake.failScript();
    const error = await first.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(IngoEmbedError);
    expect(error).toMatchObject({ code: 'script_load_failed', retryable: true });
    expect((error as Error).message).toContain(src);
    expect(scripts()).toHaveLength(0);

    const second = loadIngoSdk({ src });
    expect(scripts()).toHaveLength(1);
    fake.loadScript();
    await expect(second).resolves.toBe(fake.sdk);
  });

  it('times out with script_timeout and removes the tag', async () => {
    vi.useFakeTimers();
    installFakeIngo({ installed: false });
    const load = loadIngoSdk({ src: nextSrc(), timeoutMs: 5_000 });
    const settled = load.catch((thrown: unknown) => thrown);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await settled).toMatchObject({ code: 'script_timeout', retryable: true });
    expect(scripts()).toHaveLength(0);
  });

  it('rejects with invalid_sdk when the script does not define a usable global', async () => {
    const src = nextSrc();
    const load = loadIngoSdk({ src });
    window.IngoInstantPayments = { create: () => ({}) } as never;
    scripts()[0]?.dispatchEvent(new Event('load'));
    await expect(load).rejects.toMatchObject({ code: 'invalid_sdk' });
    expect(scripts()).toHaveLength(0);
  });
});
