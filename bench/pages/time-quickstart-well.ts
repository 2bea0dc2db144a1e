// Theirs, done well: Ingo's quick start with the SDK <script> tag in the page's HTML (its step 2;
// the page server puts it there), so the script is loaded before the user clicks. From the click:
// create the session, then create the plugin, listen and mount.
// Type-only: declares window.IngoInstantPayments; nothing of core is bundled into this page.
import type {} from '@ingo-embed/core';
import { container, deferred, SESSION_URL, type Timing, timing } from './page-kit.js';

window.bench = {
  async start() {
    const sdk = window.IngoInstantPayments;
    if (!sdk) throw new Error('the SDK <script> in the page did not define IngoInstantPayments');
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
    // 2. The script is there already. 3. Create the plugin, listen, and mount.
    const plugin = sdk.create(container());
    plugin.addEventListener(sdk.EVENTS.PAGE_LOAD as string, () => done.resolve(timing(started)));
    plugin.mount(authorizedUrl, sdk.FUNDING_DESTINATIONS.DEBIT as string);
    return done.promise;
  },
};
