// Core alone, for comparison with the React row: the same mount without a framework in between.
import { mountFundingForm } from '@ingo-embed/core';
import {
  container,
  deferred,
  markMountCall,
  SDK_URL,
  SESSION_URL,
  type Timing,
  timing,
} from './page-kit.js';

window.bench = {
  start() {
    const done = deferred<Timing>();
    const started = markMountCall();
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
