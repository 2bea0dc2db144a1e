// Leak cycles on @ingo-embed/vue: one app for the page, the form shown and hidden with v-if
// semantics (a render function returning it or nothing).
import { IngoFundingForm } from '@ingo-embed/vue';
import { createApp, h, nextTick, shallowRef } from 'vue';
import { container, deferred, leakPage, SDK_URL, SESSION_URL } from './page-kit.js';

const shown = shallowRef<{ key: number; onReady: () => void; onFail: (e: Error) => void }>();

createApp({
  render: () =>
    shown.value
      ? h(IngoFundingForm, {
          key: shown.value.key,
          destination: 'debit',
          session: SESSION_URL,
          sdkUrl: SDK_URL,
          onStateChange: (state: string) => state === 'ready' && shown.value?.onReady(),
          onFailure: (error: Error) => shown.value?.onFail(error),
        })
      : null,
}).mount(container());

let key = 0;
window.bench = leakPage(() => {
  const ready = deferred<void>();
  shown.value = {
    key: ++key,
    onReady: () => ready.resolve(),
    onFail: (error) => ready.reject(new Error(error.message)),
  };
  return {
    ready: ready.promise,
    destroy: () => {
      shown.value = undefined;
      return nextTick();
    },
  };
});
