export type {
  FundingDestination,
  FundingFormState,
  IngoErrorCode,
  IngoEvent,
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
export { default as IngoFundingForm } from './IngoFundingForm.svelte';
export type { PrefetchIngoFundingFormParameter } from './prefetch.js';
export { prefetchIngoFundingForm } from './prefetch.js';
export type { IngoFundingFormProps } from './types.js';
