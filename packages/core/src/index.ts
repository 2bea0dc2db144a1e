export type {
  FundingDestination,
  SessionErrorResponse,
  SessionRequest,
  SessionResponse,
} from './contract.js';
export { FUNDING_DESTINATIONS } from './contract.js';
export type { IngoErrorCode } from './errors.js';
export { IngoEmbedError } from './errors.js';
export type { IngoEvent, IngoEventType, IngoToken, KnownIngoEventType } from './events.js';
export type {
  FundingFormCallbacks,
  FundingFormController,
  FundingFormHandle,
  FundingFormOptions,
  FundingFormSnapshot,
  FundingFormState,
} from './form.js';
export { createFundingForm, mountFundingForm } from './form.js';
export type { LoadIngoSdkOptions } from './loader.js';
export { loadIngoSdk } from './loader.js';
export type { IngoCreateOptions, IngoPluginInstance, IngoSdk, IngoSdkListener } from './sdk.js';
export type {
  AuthorizedSession,
  InitialSession,
  SessionFunction,
  SessionSource,
} from './session.js';
