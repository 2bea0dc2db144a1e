export type {
  FundingDestination,
  SessionErrorResponse,
  SessionRequest,
  SessionResponse,
} from './contract.js';
export { FUNDING_DESTINATIONS } from './contract.js';
export type { IngoEmbedErrorOptions, IngoErrorCode } from './errors.js';
export { IngoEmbedError, isIngoEmbedError } from './errors.js';
export type { IngoEvent, IngoEventType, IngoToken, KnownIngoEventType } from './events.js';
export type { IngoCreateOptions, IngoPluginInstance, IngoSdk, IngoSdkListener } from './sdk.js';
