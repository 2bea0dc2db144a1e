export type { CreateOptions, SandboxListener, SandboxPlugin, SandboxSdk } from './browser/sdk.js';
export type { FaultSpec, FaultTarget } from './faults.js';
export { FAULT_TARGETS, InvalidFaultError } from './faults.js';
export type { HmacCheck } from './hmac-verifier.js';
export { SUPPORTED_LOCALES } from './i18n.js';
export type {
  FundingDestination,
  SandboxEventKey,
  SandboxEventName,
  SandboxEventPayload,
} from './protocol.js';
export { EVENTS, FUNDING_DESTINATIONS } from './protocol.js';
export type { RunningSandbox, SandboxOptions } from './server.js';
export {
  SANDBOX_DEFAULTS,
  SandboxConfigError,
  SESSION_CREATE_PATH,
  startSandbox,
} from './server.js';
export type { Biller } from './testdata.js';
export { BILLERS, FAILING_VALUES, UNVERIFIABLE_VALUES } from './testdata.js';
