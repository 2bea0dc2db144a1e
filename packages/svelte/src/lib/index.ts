export type {
  FundingDestination,
  FundingFormState,
  IngoErrorCode,
  IngoEvent,
  IngoToken,
  SessionFunction,
  SessionSource,
} from '@ingo-embed/core';
export { FUNDING_DESTINATIONS, IngoEmbedError } from '@ingo-embed/core';
export { default as IngoFundingForm } from './IngoFundingForm.svelte';
export type { IngoFundingFormProps } from './types.js';
