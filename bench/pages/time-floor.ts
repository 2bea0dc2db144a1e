// The floor: what is left once nothing is to be fetched, i.e. the iframe's own load. Before the
// timing starts the SDK script is loaded and an authorized URL is at hand; from the mount call
// (core with that URL) to the first PAGE_LOAD is the iframe setting up, navigating and loading
// Ingo's page. No prefetch can do better than this.
import { loadIngoSdk, mountFundingForm } from '@ingo-embed/core';
import { container, deferred, SDK_URL, SESSION_URL, type Timing, timing } from './page-kit.js';

window.bench = {
  async start() {
    await loadIngoSdk({ src: SDK_URL });
    const response = await fetch(SESSION_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idempotencyKey: crypto.randomUUID(), destination: 'debit' }),
    });
    if (!response.ok) throw new Error(`the session endpoint answered ${response.status}`);
    const { authorizedUrl } = (await response.json()) as { authorizedUrl: string };
    const done = deferred<Timing>();
    const started = performance.now();
    mountFundingForm(container(), {
      destination: 'debit',
      authorizedUrl,
      sdkUrl: SDK_URL,
      onEvent: (event) => {
        if (event.type === 'PAGE_LOAD') done.resolve(timing(started));
      },
      onFailure: (error) => done.reject(new Error(`${error.code}: ${error.message}`)),
    });
    return done.promise;
  },
};
