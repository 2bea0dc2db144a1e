/**
 * `<ingo-funding-form>` in Solid 1.x JSX. Opt in once, e.g. in a `.d.ts` file of your app:
 *
 * ```ts
 * import type {} from '@ingo-embed/element/solid';
 * ```
 *
 * Solid sets props of a custom element as properties, and `on:ingo-token={…}` listens to the
 * event.
 */

import type {
  IngoFundingFormElement,
  IngoFundingFormEventMap,
  IngoFundingFormTemplateProps,
} from '@ingo-embed/element';
import type { JSX } from 'solid-js';

/** What JSX may pass to `<ingo-funding-form>`. */
export type IngoFundingFormSolidProps = JSX.HTMLAttributes<IngoFundingFormElement> &
  IngoFundingFormTemplateProps;

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements {
      'ingo-funding-form': IngoFundingFormSolidProps;
    }
    /** `on:ingo-token={…}` & co., typed with their `CustomEvent`. */
    interface CustomEvents extends IngoFundingFormEventMap {}
  }
}
