import type { FundingDestination, SessionSource } from '@ingo-embed/core';
import { prefetchFundingForm } from '@ingo-embed/core/instant';
import { useInsertionEffect, useRef, useState } from 'react';

/** Options of {@link usePrefetchIngoFundingForm}: what the form will be mounted with. */
export interface PrefetchIngoFundingFormOptions {
  /** The same `session` the form gets: your endpoint's URL, or your session function. */
  session: SessionSource;
  /** Ingo's SDK script URL, when the form gets one; otherwise the session answer's. */
  sdkUrl?: string;
  /** CSP nonce for the SDK's `<script>`. */
  nonce?: string;
  /** Limit for the script load and the session request (default 15 000 ms). */
  timeoutMs?: number;
}

/** Spread on the element that shows intent: `<label {...prefetch('ach')}>`. */
export interface PrefetchIngoHandlers {
  onPointerEnter: () => void;
  onFocus: () => void;
}

/**
 * Starts a funding form's session and SDK script on intent, before the form exists: returns a
 * function that gives the handlers for one destination, to spread on what the user hovers or
 * focuses before choosing it (a destination's radio button or label, an "Add payout method"
 * button). The next `<IngoFundingForm>` (or `useIngoFundingForm`) mounted with the same `session`
 * and that destination takes the session instead of asking (see `prefetchFundingForm`: one
 * request however often the user hovers, refreshed with the same key once expired).
 *
 * ```tsx
 * const prefetch = usePrefetchIngoFundingForm({ session: '/api/ingo/session' });
 * <label {...prefetch('ach')}><input type="radio" … /> Bank account</label>
 * ```
 */
export function usePrefetchIngoFundingForm(
  options: PrefetchIngoFundingFormOptions,
): (destination: FundingDestination) => PrefetchIngoHandlers {
  const latest = useRef(options);
  useInsertionEffect(() => {
    latest.current = options;
  });
  // One function for the component's life: its handlers read the newest options.
  const [handlersFor] = useState(() => (destination: FundingDestination) => {
    const prefetch = () => prefetchFundingForm({ ...latest.current, destination });
    return { onPointerEnter: prefetch, onFocus: prefetch };
  });
  return handlersFor;
}
