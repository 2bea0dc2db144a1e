// The prefetch cases whose sessions the runner counts in the sandbox (`?mode=`):
// - `unused`: a hover, and no form ever; resolves once the session answered and a while passed;
// - `double`: two hovers of the same control (pointer, then focus), then the form;
// - `expired`: a hover, then the form only after the authorized URL expired (`?wait=` ms,
//   longer than the sandbox's URL lifetime): the form refreshes it with the same key.
import { mountFundingForm } from '@ingo-embed/core';
import { prefetchFundingForm } from '@ingo-embed/core/instant';
import {
  container,
  deferred,
  QUERY,
  SDK_URL,
  SESSION_URL,
  sleep,
  type Timing,
  timing,
} from './page-kit.js';

const hover = () =>
  prefetchFundingForm({ session: SESSION_URL, destination: 'debit', sdkUrl: SDK_URL });

function mount(): Promise<Timing> {
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
}

window.bench = {
  async start() {
    const mode = QUERY.get('mode');
    const started = performance.now();
    hover();
    if (mode === 'unused') {
      // The session request's answer, then time for anything else that might follow.
      while (!performance.getEntriesByType('resource').some((e) => e.name.includes(SESSION_URL))) {
        await sleep(20);
      }
      await sleep(1_000);
      return timing(started);
    }
    if (mode === 'double') {
      await sleep(50);
      hover();
      await sleep(150);
      return mount();
    }
    if (mode === 'expired') {
      await sleep(Number(QUERY.get('wait')));
      return mount();
    }
    throw new Error(`unknown mode ${mode}`);
  },
};
