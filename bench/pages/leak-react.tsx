// Leak cycles on @ingo-embed/react: one root for the page, the form rendered into it and then
// rendered away (as an app shows and hides it), with the unmount flushed synchronously.
import { type FundingFormState, type IngoEmbedError, IngoFundingForm } from '@ingo-embed/react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { container, deferred, leakPage, SDK_URL, SESSION_URL } from './page-kit.js';

const root = createRoot(container());
let key = 0;

window.bench = leakPage(() => {
  const ready = deferred<void>();
  root.render(
    <IngoFundingForm
      key={++key}
      destination="debit"
      session={SESSION_URL}
      sdkUrl={SDK_URL}
      onStateChange={(state: FundingFormState) => state === 'ready' && ready.resolve()}
      onFailure={(error: IngoEmbedError) =>
        ready.reject(new Error(`${error.code}: ${error.message}`))
      }
    />,
  );
  return { ready: ready.promise, destroy: () => flushSync(() => root.render(null)) };
});
