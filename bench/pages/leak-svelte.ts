// Leak cycles on @ingo-embed/svelte: Svelte 5's mount() and unmount().
import { IngoFundingForm } from '@ingo-embed/svelte';
import { mount, unmount } from 'svelte';
import { container, deferred, leakPage, SDK_URL, SESSION_URL } from './page-kit.js';

window.bench = leakPage(() => {
  const ready = deferred<void>();
  const form = mount(IngoFundingForm, {
    target: container(),
    props: {
      destination: 'debit',
      session: SESSION_URL,
      sdkUrl: SDK_URL,
      onToken: () => {},
      onStateChange: (state) => state === 'ready' && ready.resolve(),
      onFailure: (error) => ready.reject(new Error(`${error.code}: ${error.message}`)),
    },
  });
  return { ready: ready.promise, destroy: () => unmount(form) };
});
