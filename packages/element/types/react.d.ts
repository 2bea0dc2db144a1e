/**
 * `<ingo-funding-form>` in React 19's JSX. Opt in once, e.g. in a `.d.ts` file of your app:
 *
 * ```ts
 * import type {} from '@ingo-embed/element/react';
 * ```
 *
 * React 19 sets a prop the element has (`session`, `sdkOptions`, `initialSession`, …) as a
 * property, any other one (`sdk-url`) as an attribute, and listens to `oningo-token` & co.
 */

import type {
  IngoFundingFormElement,
  IngoFundingFormEventMap,
  IngoFundingFormTemplateProps,
} from '@ingo-embed/element';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

/** `oningo-token`, `oningo-failure`, …: React 19 adds them as listeners of those events. */
export type IngoFundingFormReactHandlers = {
  [K in keyof IngoFundingFormEventMap as `on${K}`]?: (event: IngoFundingFormEventMap[K]) => void;
};

/** What JSX may pass to `<ingo-funding-form>`. */
export type IngoFundingFormReactProps = DetailedHTMLProps<
  HTMLAttributes<IngoFundingFormElement>,
  IngoFundingFormElement
> &
  IngoFundingFormTemplateProps &
  IngoFundingFormReactHandlers;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'ingo-funding-form': IngoFundingFormReactProps;
    }
  }
}
