/**
 * `<ingo-funding-form>` in Vue templates (vue-tsc, Volar). Opt in once, e.g. in `env.d.ts`:
 *
 * ```ts
 * import type {} from '@ingo-embed/element/vue';
 * ```
 *
 * At run time, tell Vue's compiler that the tag is a custom element
 * (`compilerOptions.isCustomElement`); Vue then sets a prop the element has as a property.
 */

import type { IngoFundingFormEventMap, IngoFundingFormTemplateProps } from '@ingo-embed/element';
import type { FunctionalComponent, HTMLAttributes } from 'vue';

/** The events, for `@ingo-token`, `@ingo-failure`, …: each with its `CustomEvent`. */
export type IngoFundingFormVueEvents = {
  [K in keyof IngoFundingFormEventMap]: [event: IngoFundingFormEventMap[K]];
};

/** What a template may pass to `<ingo-funding-form>`. */
export type IngoFundingFormVueProps = HTMLAttributes & IngoFundingFormTemplateProps;

declare module 'vue' {
  interface GlobalComponents {
    'ingo-funding-form': FunctionalComponent<IngoFundingFormVueProps, IngoFundingFormVueEvents>;
  }
}
