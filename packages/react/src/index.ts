export type {
  AuthorizedSession,
  FundingDestination,
  FundingFormState,
  IngoCreateOptions,
  IngoErrorCode,
  IngoEvent,
  IngoEventType,
  IngoToken,
  SessionFunction,
  SessionSource,
} from '@ingo-embed/core';
export { FUNDING_DESTINATIONS, IngoEmbedError } from '@ingo-embed/core';
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
