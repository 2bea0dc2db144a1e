/**
 * `<ingo-funding-form>` in Svelte 5 markup (svelte-check). Opt in once, e.g. in `src/app.d.ts`:
 *
 * ```ts
 * import type {} from '@ingo-embed/element/svelte';
 * ```
 *
 * Svelte sets a prop the element has as a property, and `oningo-token={…}` listens to the event.
 */

import type {
  IngoFundingFormElement,
  IngoFundingFormEventMap,
  IngoFundingFormTemplateProps,
} from '@ingo-embed/element';
import type { HTMLAttributes } from 'svelte/elements';

/** `oningo-token`, `oningo-failure`, …: Svelte listens to those events. */
export type IngoFundingFormSvelteHandlers = {
  [K in keyof IngoFundingFormEventMap as `on${K}`]?: (
    event: IngoFundingFormEventMap[K] & { currentTarget: IngoFundingFormElement },
  ) => unknown;
};

/** What markup may pass to `<ingo-funding-form>`. */
export type IngoFundingFormSvelteProps = HTMLAttributes<IngoFundingFormElement> &
  IngoFundingFormTemplateProps &
  IngoFundingFormSvelteHandlers;

declare module 'svelte/elements' {
  export interface SvelteHTMLElements {
    'ingo-funding-form': IngoFundingFormSvelteProps;
  }
}
