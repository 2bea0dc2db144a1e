import type { FundingDestination, SessionSource } from '@ingo-embed/core';
import { prefetchFundingForm } from '@ingo-embed/core/instant';

/** The parameter of {@link prefetchIngoFundingForm}: what the form will be mounted with. */
export interface PrefetchIngoFundingFormParameter {
  /** The same `session` the form gets: your endpoint's URL, or your session function. */
  session: SessionSource;
  /** The destination this element stands for. */
  destination: FundingDestination;
  /** Ingo's SDK script URL, when the form gets one; otherwise the session answer's. */
  sdkUrl?: string;
  /** CSP nonce for the SDK's `<script>`. */
  nonce?: string;
  /** Limit for the script load and the session request (default 15 000 ms). */
  timeoutMs?: number;
}

/**
 * A Svelte action that starts a funding form's session and SDK script when the user points at or
 * focuses the element (`focusin`, so a `<label>` sees its radio button get the focus), before the
 * form exists:
 *
 * ```svelte
 * <label use:prefetchIngoFundingForm={{ session: '/api/ingo/session', destination: 'ach' }}>
 * ```
 *
 * The next `<IngoFundingForm>` mounted with the same `session` and that destination takes the
 * session instead of asking (see core's `prefetchFundingForm`: one request however often the user
 * hovers, refreshed with the same key once expired). Without a parameter (`undefined`, e.g. for
 * the destination whose form is on show) it does nothing. Actions run in the browser only.
 */
export function prefetchIngoFundingForm(
  node: HTMLElement,
  parameter?: PrefetchIngoFundingFormParameter | null,
) {
  const prefetch = () => parameter && prefetchFundingForm(parameter);
  node.addEventListener('pointerenter', prefetch);
  node.addEventListener('focusin', prefetch);
  return {
    update(next?: PrefetchIngoFundingFormParameter | null) {
      parameter = next;
    },
    destroy() {
      node.removeEventListener('pointerenter', prefetch);
      node.removeEventListener('focusin', prefetch);
    },
  };
}
