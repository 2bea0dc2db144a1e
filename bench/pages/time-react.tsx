// Ours: <IngoFundingForm> with the session endpoint and the SDK URL up front, so core loads the
// script while the session request is in flight.
import { type IngoEmbedError, type IngoEvent, IngoFundingForm } from '@ingo-embed/react';
import { createRoot } from 'react-dom/client';
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
    // From before createRoot: all of React's work until the form's requests go out counts.
    const started = markMountCall();
    const root = createRoot(container());
    root.render(
      <IngoFundingForm
        destination="debit"
        session={SESSION_URL}
        sdkUrl={SDK_URL}
        onEvent={(event: IngoEvent) => {
          if (event.type === 'PAGE_LOAD') done.resolve(timing(started));
        }}
        onFailure={(error: IngoEmbedError) =>
          done.reject(new Error(`${error.code}: ${error.message}`))
        }
      />,
    );
    return done.promise;
  },
};
