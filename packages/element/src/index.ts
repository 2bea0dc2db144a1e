/**
 * `@ingo-embed/element`: `<ingo-funding-form>`, Ingo's funding form as a custom element, for
 * Angular, Solid, plain HTML and every other framework. Importing it in a browser defines the
 * element (once); on a server it defines nothing.
 */
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
  type IngoFundingFormAttributes,
  IngoFundingFormElement,
  type IngoFundingFormEventMap,
  type IngoFundingFormProperties,
  type IngoFundingFormTemplateProps,
} from './element.js';
