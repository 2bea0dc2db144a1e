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
  SessionFunction,
  SessionSource,
} from '@ingo-embed/core';
export { FUNDING_DESTINATIONS, IngoEmbedError } from '@ingo-embed/core';
export { IngoFundingForm } from './component.js';
export type { UseIngoFundingForm, UseIngoFundingFormOptions } from './composable.js';
export { useIngoFundingForm } from './composable.js';
