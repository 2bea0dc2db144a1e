/**
 * @ingo-embed/server: the server side of Ingo Payments' Embedded Account Capture.
 * Runs on Web Crypto and `fetch` only (Node 20+, Deno, Bun, edge runtimes); no `node:` imports.
 */

/**
 * The resource hints for Ingo's SDK (preconnects and the script's preload), to render into the
 * `<head>` of a page that shows the form: the same as `preloadIngo` gives the browser, for
 * server-side code that cannot import the browser bindings (a React Server Component).
 */
export { type IngoPreloadLink, ingoPreloadLinks } from '@ingo-embed/core/instant';
export type {
  CreateSessionOptions,
  FetchLike,
  IngoClient,
  IngoClientOptions,
  IngoEnvironment,
  IngoPayOptions,
} from './client.js';
export {
  createIngoClient,
  INGO_SESSION_API_URLS,
  INGOPAY_API_URLS,
  SESSION_CREATE_PATH,
} from './client.js';
export type { EnvSource, IngoEnvConfig, IngoEnvName } from './env.js';
export { ingoClientFromEnv, LOCAL_SANDBOX_URL, readIngoEnv } from './env.js';
export type {
  AuthenticationFailureCause,
  IngoServerErrorCode,
  UnavailableReason,
  ValidationIssue,
} from './errors.js';
export {
  IngoApiError,
  IngoAuthenticationError,
  IngoConfigError,
  IngoIdempotencyMismatchError,
  IngoServerError,
  IngoUnavailableError,
  IngoValidationError,
  isIngoServerError,
} from './errors.js';
export type {
  InitialSessionOptions,
  RenderedSession,
  ResolvedSession,
  ResolveSession,
  SessionHandler,
  SessionHandlerOptions,
  SessionRequestContext,
} from './handler.js';
export { createSessionHandler, SessionEndpointError } from './handler.js';
export type {
  AchAdditionalDetail,
  AssumedReason,
  IngoLedger,
  IngoPayCallOptions,
  PullAccountType,
  PullFundsInput,
  PullResult,
  PushAccountType,
  PushFundsInput,
  PushResult,
  PushSender,
  SourceOfFunds,
} from './ingopay.js';
export { PULL_PATH, PUSH_PATH } from './ingopay-client.js';
export type {
  NodeHandler,
  NodeHandlerOptions,
  NodeRequestContext,
  NodeRequestLike,
  NodeResponseLike,
} from './node.js';
export { toNodeHandler } from './node.js';
export type { ParticipantIdReader, ParticipantIdReaderOptions } from './participant-id.js';
export { createParticipantIdReader, MAX_SEALED_SUBJECT_BYTES } from './participant-id.js';
export type { CreateSessionInput, IngoLocale, IngoSession, Recipient } from './session.js';
export { INGO_LOCALES, validateRecipient } from './session.js';
export type {
  IngoSignedHeaders,
  JsonBody,
  SignedHeaderName,
  SignedRequest,
  SigningAlgorithm,
  SignRequestOptions,
} from './signing.js';
export { DEFAULT_SIGNED_HEADERS, signRequest } from './signing.js';
export type {
  HmacSignatureVerifierOptions,
  TrustedProxyHeader,
  WebhookDelivery,
  WebhookFailureReason,
  WebhookHandler,
  WebhookHandlerOptions,
  WebhookIpAllowlist,
  WebhookRequestContext,
  WebhookSignatureInput,
  WebhookSignatureMode,
  WebhookSignatureVerifier,
} from './webhook.js';
export { createWebhookHandler, hmacSignatureVerifier, IngoWebhookError } from './webhook.js';
export { INGO_WEBHOOK_IPS } from './webhook-ip.js';
export type {
  MemoryWebhookStoreOptions,
  WebhookBeginResult,
  WebhookStore,
} from './webhook-store.js';
export { createMemoryWebhookStore } from './webhook-store.js';
export type {
  AchNavFailureEvent,
  CheckStatusEvent,
  KnownWebhookEvent,
  KnownWebhookTopic,
  OfacStatusEvent,
  ParsedWebhook,
  PaymentReturnedEvent,
  SessionTerminatedEvent,
  TokenizationSuccessEvent,
  UnknownWebhookEvent,
  WebhookAncillary,
  WebhookEvent,
  WebhookEventBase,
  WebhookIssuer,
  WebhookIssuerLimits,
} from './webhook-topics.js';
export { KNOWN_WEBHOOK_TOPICS, parseWebhookEvent } from './webhook-topics.js';
