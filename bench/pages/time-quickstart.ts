// Theirs: a hand-written integration that follows Ingo's quick start step by step.
// Type-only: declares window.IngoInstantPayments; nothing of core is bundled into this page.
import type {} from '@ingo-embed/core';
import { deferred, SDK_URL, SESSION_URL, type Timing, timing } from './page-kit.js';

/** Step 2 of the quick start: include the SDK script and wait for it. */
function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`the SDK script failed to load from ${src}`));
    document.head.append(script);
  });
}

window.bench = {
  async start() {
    const done = deferred<Timing>();
    const started = performance.now();
    // 1. Create a session (through your server, which signs the Session Create call).
    const response = await fetch(SESSION_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idempotencyKey: crypto.randomUUID(), destination: 'debit' }),
    });
    if (!response.ok) throw new Error(`the session endpoint answered ${response.status}`);
    const { authorizedUrl } = (await response.json()) as { authorizedUrl: string };
    // 2. Load the SDK script.
    await loadScript(SDK_URL);
    const sdk = window.IngoInstantPayments;
    if (!sdk) throw new Error('the SDK script did not define IngoInstantPayments');
    // 3. Create the plugin on a container, listen, and mount the authorized URL.
    const plugin = sdk.create(document.getElementById('app') as HTMLElement);
    plugin.addEventListener(sdk.EVENTS.PAGE_LOAD as string, () => done.resolve(timing(started)));
    plugin.mount(authorizedUrl, sdk.FUNDING_DESTINATIONS.DEBIT as string);
    return done.promise;
  },
};
