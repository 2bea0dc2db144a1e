export type { Sandbox } from './app.js';
export { createSandbox } from './app.js';
export type { CreateOptions, SandboxListener, SandboxPlugin, SandboxSdk } from './browser/sdk.js';
export type { ActiveFault, FaultSpec, FaultTarget } from './faults.js';
export { FAULT_TARGETS, InvalidFaultError } from './faults.js';
export type { HmacCheck } from './hmac-verifier.js';
export { SUPPORTED_LOCALES } from './i18n.js';
export {
  INGOPAY_MESSAGES,
  INGOPAY_TEST_CENTS,
  PULL_PATH,
  PUSH_PATH,
} from './ingopay.js';
export type { IngoPayAccountType, IngoPayKind } from './ingopay-request.js';
export {
  LEDGER_ENTITY_TYPES,
  PULL_ACCOUNT_TYPES,
  PUSH_ACCOUNT_TYPES,
} from './ingopay-request.js';
export type { IssuedToken, TokenDestination, TransactionState } from './ingopay-store.js';
export {
  ACCOUNT_TYPES_BY_DESTINATION,
  FIRST_PULL_TRANSACTION_ID,
  FIRST_PUSH_TRANSACTION_ID,
  TOKEN_DESTINATIONS,
} from './ingopay-store.js';
export type {
  EventEnvelope,
  FundingDestination,
  SandboxEventKey,
  SandboxEventName,
  SandboxEventPayload,
} from './protocol.js';
export { EVENT_ENVELOPES, EVENTS, FUNDING_DESTINATIONS } from './protocol.js';
export type { RunningSandbox, SandboxOptions } from './server.js';
export {
  SANDBOX_DEFAULTS,
  SandboxConfigError,
  SESSION_CREATE_PATH,
  startSandbox,
} from './server.js';
export type { SandboxState, SessionView, TransactionView } from './store.js';
export type { Biller } from './testdata.js';
export { BILLERS, FAILING_VALUES, UNVERIFIABLE_VALUES } from './testdata.js';
export type {
  TopicNaming,
  WebhookAttempt,
  WebhookDeliveryView,
  WebhookEnvelope,
  WebhookState,
  WebhookTopic,
  WebhookTopicKey,
} from './webhooks.js';
export {
  FAILURE_TOPIC_ROUTES,
  FIRST_WEBHOOK_ACCOUNT_ID,
  PRODUCTION_LIKE_WEBHOOK_RETRY_DELAYS_MS,
  signWebhookBody,
  WEBHOOK_ACCOUNT_TYPES,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TOPICS,
} from './webhooks.js';
