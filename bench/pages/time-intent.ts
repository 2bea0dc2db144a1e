// Intent → form: the user hovers the control that shows the form 200 ms before choosing it.
// prefetchFundingForm starts the session and the script at the hover; the timing starts at the
// mount call, as for every other variant.
import { mountFundingForm } from '@ingo-embed/core';
import { prefetchFundingForm } from '@ingo-embed/core/instant';
import {
  container,
  deferred,
  SDK_URL,
  SESSION_URL,
  sleep,
  type Timing,
  timing,
} from './page-kit.js';

/** How long before the mount the hover came. */
export const HOVER_LEAD_MS = 200;

window.bench = {
  async start() {
    prefetchFundingForm({ session: SESSION_URL, destination: 'debit', sdkUrl: SDK_URL });
    await sleep(HOVER_LEAD_MS);
    const done = deferred<Timing>();
    const started = performance.now();
    mountFundingForm(container(), {
      destination: 'debit',
      session: SESSION_URL,
      sdkUrl: SDK_URL,
      onEvent: (event) => {
        if (event.type === 'PAGE_LOAD') done.resolve(timing(started));
      },
      onFailure: (error) => done.reject(new Error(`${error.code}: ${error.message}`)),
    });
    return done.promise;
  },
};
