/**
 * @ingo-embed/vue: Vue 3 bindings for Ingo Payments' Embedded Account Capture iFrame.
 * All the logic lives in @ingo-embed/core; this package only maps it to Vue's idioms.
 */
export type {
  FundingDestination,
  FundingFormState,
  IngoCreateOptions,
  IngoErrorCode,
  IngoEvent,
  IngoEventType,
  IngoToken,
  InitialSession,
  SessionFunction,
  SessionSource,
} from '@ingo-embed/core';
export { FUNDING_DESTINATIONS, IngoEmbedError } from '@ingo-embed/core';
export type {
  IngoPreloadLink,
  KeepInitialSessionOptions,
  PrefetchFundingFormOptions,
  PreloadIngoOptions,
} from '@ingo-embed/core/instant';
export {
  ingoPreloadLinks,
  keepInitialSession,
  prefetchFundingForm,
  preloadIngo,
} from '@ingo-embed/core/instant';
export type { IngoFundingFormFailureSlotProps } from './component.js';
export { IngoFundingForm } from './component.js';
export type { UseIngoFundingForm, UseIngoFundingFormOptions } from './composable.js';
export { useIngoFundingForm } from './composable.js';
export type { PrefetchIngoListeners, UsePrefetchIngoFundingFormOptions } from './prefetch.js';
export { usePrefetchIngoFundingForm } from './prefetch.js';
