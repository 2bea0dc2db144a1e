// React with the session started during the first render: the component calls
// prefetchFundingForm (@ingo-embed/core/instant) while React renders it, before React commits and
// before <IngoFundingForm>'s layout effect attaches the form, which then takes that session
// instead of asking. What a binding that started the session in its render would gain.
import { prefetchFundingForm } from '@ingo-embed/core/instant';
import { type IngoEmbedError, type IngoEvent, IngoFundingForm } from '@ingo-embed/react';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  container,
  deferred,
  markMountCall,
  RENDER_MARK,
  SDK_URL,
  SESSION_URL,
  type Timing,
  timing,
} from './page-kit.js';

const FORM = { session: SESSION_URL, destination: 'debit', sdkUrl: SDK_URL } as const;

function PrefetchingForm({
  done,
}: {
  done: ReturnType<typeof deferred<Timing>> & { started: number };
}) {
  // Once, in the first render (an initializer runs during render, before the commit).
  useState(() => {
    performance.mark(RENDER_MARK);
    prefetchFundingForm(FORM);
  });
  return (
    <IngoFundingForm
      {...FORM}
      onEvent={(event: IngoEvent) => {
        if (event.type === 'PAGE_LOAD') done.resolve(timing(done.started));
      }}
      onFailure={(error: IngoEmbedError) =>
        done.reject(new Error(`${error.code}: ${error.message}`))
      }
    />
  );
}

window.bench = {
  start() {
    const started = markMountCall();
    const done = { ...deferred<Timing>(), started };
    createRoot(container()).render(<PrefetchingForm done={done} />);
    return done.promise;
  },
};
