export type {
  AuthorizedSession,
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
export {
  IngoFundingForm,
  type IngoFundingFormProps,
  type IngoFundingFormRef,
} from './ingo-funding-form.js';
export {
  type IngoFundingFormOptions,
  type IngoSessionProps,
  type UseIngoFundingFormResult,
  useIngoFundingForm,
} from './use-ingo-funding-form.js';
export {
  type PrefetchIngoFundingFormOptions,
  type PrefetchIngoHandlers,
  usePrefetchIngoFundingForm,
} from './use-prefetch-ingo-funding-form.js';
