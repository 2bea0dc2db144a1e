// Leak cycles on @ingo-embed/core: mountFundingForm → ready → destroy().
import { mountFundingForm } from '@ingo-embed/core';
import { container, deferred, leakPage, SDK_URL, SESSION_URL } from './page-kit.js';

window.bench = leakPage(() => {
  const ready = deferred<void>();
  const form = mountFundingForm(container(), {
    destination: 'debit',
    session: SESSION_URL,
    sdkUrl: SDK_URL,
    onStateChange: (state) => state === 'ready' && ready.resolve(),
    onFailure: (error) => ready.reject(new Error(`${error.code}: ${error.message}`)),
  });
  return { ready: ready.promise, destroy: () => form.destroy() };
});
