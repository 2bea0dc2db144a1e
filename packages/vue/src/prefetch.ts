import type { FundingDestination, SessionSource } from '@ingo-embed/core';
import { prefetchFundingForm } from '@ingo-embed/core/instant';
import type { MaybeRef, MaybeRefOrGetter } from 'vue';
import { unwrap } from './unwrap.js';

export interface UsePrefetchIngoFundingFormOptions {
  /** The same `session` the form gets (a value or a ref, not a getter, as for the form). */
  session: MaybeRef<SessionSource>;
  /** Ingo's SDK script URL, when the form gets one; otherwise the session answer's. */
  sdkUrl?: MaybeRefOrGetter<string | undefined>;
  /** CSP nonce for the SDK's `<script>`. */
  nonce?: MaybeRefOrGetter<string | undefined>;
  /** Limit for the script load and the session request (default 15 000 ms). */
  timeoutMs?: MaybeRefOrGetter<number | undefined>;
}

/**
 * Listeners for `v-bind` on what the user hovers or focuses before choosing a destination:
 * `onFocusin`, so that a `<label>` sees its radio button get the focus.
 */
export interface PrefetchIngoListeners {
  onPointerenter: () => void;
  onFocusin: () => void;
}

/**
 * Starts a funding form's session and SDK script on intent, before the form exists: returns a
 * function giving the listeners for one destination, to bind on what the user hovers or focuses
 * before choosing it (`<label v-bind="prefetch('ach')">`). The next `<IngoFundingForm>` (or
 * `useIngoFundingForm`) mounted with the same `session` and that destination takes the session
 * instead of asking (see core's `prefetchFundingForm`: one request however often the user hovers,
 * refreshed with the same key once expired). Nothing happens during server rendering.
 */
export function usePrefetchIngoFundingForm(
  options: UsePrefetchIngoFundingFormOptions,
): (destination: FundingDestination) => PrefetchIngoListeners {
  return (destination) => {
    const prefetch = () => prefetchFundingForm({ ...unwrap(options), destination });
    return { onPointerenter: prefetch, onFocusin: prefetch };
  };
}
