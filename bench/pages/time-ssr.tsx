// A server-rendered page with the form, as the framework sample apps render it: the SDK's
// preconnect and preload hints in the head, and (with `?ssr=1`) the session the server created
// while it rendered the page, which <IngoFundingForm initialSession> mounts without asking.
// `?ssr=0` is the same page without that session. The timing is from navigation start (the
// user following a link) to the first PAGE_LOAD, so it includes the server's render.
import { type IngoEmbedError, type IngoEvent, IngoFundingForm } from '@ingo-embed/react';
import { createRoot } from 'react-dom/client';
import { container, deferred, SDK_URL, SESSION_URL, type Timing, timing } from './page-kit.js';

const done = deferred<Timing>();
const rendered = document.getElementById('ingo-initial-session')?.textContent;
const initialSession = rendered ? JSON.parse(rendered) : undefined;
if (new URLSearchParams(location.search).get('ssr') === '1' && !initialSession) {
  done.reject(new Error('the page has no server-rendered session'));
}

createRoot(container()).render(
  <IngoFundingForm
    destination="debit"
    session={SESSION_URL}
    sdkUrl={SDK_URL}
    initialSession={initialSession}
    onEvent={(event: IngoEvent) => {
      // From navigation start: performance.now() counts from it.
      if (event.type === 'PAGE_LOAD') done.resolve(timing(0));
    }}
    onFailure={(error: IngoEmbedError) => done.reject(new Error(`${error.code}: ${error.message}`))}
  />,
);

window.bench = { start: () => done.promise };
