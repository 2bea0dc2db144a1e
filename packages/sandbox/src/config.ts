/**
 * The sandbox's options, their defaults and their checks: one place for `createSandbox`,
 * `startSandbox` and the CLI.
 */
import type { FaultSpec } from './faults.js';
import { createOriginMatcher, type OriginMatcher } from './origins.js';
import { EVENT_ENVELOPES, type EventEnvelope } from './protocol.js';
import {
  InvalidWebhookOptionError,
  resolveWebhookSettings,
  WEBHOOK_DEFAULTS,
  type WebhookSettings,
} from './webhook-settings.js';

export const SESSION_CREATE_PATH = '/api/v1/sessions/point-in-time/plugin';

/** Defaults shared by the CLI, demos and tests. The secret is a sandbox-only value. */
export const SANDBOX_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 4010,
  username: 'sandbox-user',
  secret: 'sandbox-secret',
  participantId: '12345',
  urlTtlSeconds: 30,
  maxAttempts: 3,
  allowedOrigins: Object.freeze(['http://localhost:*', 'http://127.0.0.1:*']) as readonly string[],
  idempotencyWindowSeconds: 2 * 60 * 60,
  maxClockSkewSeconds: 300,
  ingoPaySlowMs: 3000,
  eventEnvelope: 'flat' as EventEnvelope,
  ...WEBHOOK_DEFAULTS,
});

/** Options of `createSandbox` (in-process) and `startSandbox` (listening on a port). */
export interface SandboxOptions {
  /** Port to listen on (default 4010); 0 picks a free port. `startSandbox` only. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). `startSandbox` only. */
  host?: string;
  username?: string;
  secret?: string;
  /** Numeric participant id: the prefix of `tracer_token`s and the optional body `participant_id`. */
  participantId?: string;
  /** Lifetime of an `authorized_url` in seconds (default 30, like Ingo). */
  urlTtlSeconds?: number;
  /** Failed verifications before MAX_VERIFICATION_ATTEMPTS_EXCEEDED (default 3). */
  maxAttempts?: number;
  /** Origins that may embed the iFrame: exact origins or `scheme://host:*`. */
  allowedOrigins?: readonly string[];
  /** Idempotency window in seconds (default 7200, Ingo's 2 hours). */
  idempotencyWindowSeconds?: number;
  /** Faults in force from the start (same shape as POST /__sandbox/faults). */
  faults?: readonly FaultSpec[];
  /** A ledger (Banking Platform) program: IngoPay requests must carry the `ledger` object. */
  ledger?: boolean;
  /** How long an IngoPay `.04` test amount stays in flight before answering 100 (default 3000). */
  ingoPaySlowMs?: number;
  /**
   * How SDK event payloads reach listeners: `flat` (default, Ingo's current docs), `content`
   * (wrapped, as Ingo's older docs and public integration code read them) or `both`.
   */
  eventEnvelope?: EventEnvelope;
  /** Where Ingo-style webhooks are POSTed (http or https); none by default. */
  webhookUrls?: readonly string[];
  /**
   * Key of the SANDBOX-ONLY signature `X-Ingo-Signature: base64(HMAC-SHA512(secret, raw body))`
   * (default 'sandbox-webhook-secret'). Ingo's real scheme is undocumented.
   */
  webhookSecret?: string;
  /** Waits before each retry, in ms (default 1 s, 5 s, 30 s, 2 min, 10 min: 6 attempts). */
  webhookRetryDelaysMs?: readonly number[];
  /** How long an attempt may take to get a 2xx (default 10000, Ingo's 10 s). */
  webhookTimeoutMs?: number;
  /** Share (0–1) of delivered webhooks sent a second time on purpose (default 0; 1 = always). */
  webhookDuplicates?: number;
  /** Clock in epoch milliseconds; tests move it instead of waiting. */
  now?: () => number;
  /** Receives one line per notable event (auth failures, sessions created, …). */
  log?: (line: string) => void;
}

export class SandboxConfigError extends Error {
  override name = 'SandboxConfigError';
}

export interface Config {
  host: string;
  port: number;
  username: string;
  secret: string;
  participantId: string;
  urlTtlSeconds: number;
  maxAttempts: number;
  origins: OriginMatcher;
  idempotencyWindowSeconds: number;
  ledger: boolean;
  ingoPaySlowMs: number;
  eventEnvelope: EventEnvelope;
  webhooks: WebhookSettings;
  now: () => number;
  log: (line: string) => void;
}

/** Checks every option; throws SandboxConfigError with a message that says what to change. */
export function resolveConfig(options: SandboxOptions): Config {
  const integer = (
    name: string,
    value: number | undefined,
    fallback: number,
    min: number,
    max: number,
  ) => {
    const resolved = value ?? fallback;
    if (!Number.isInteger(resolved) || resolved < min || resolved > max) {
      throw new SandboxConfigError(
        `${name} must be an integer from ${min} to ${max}; got ${String(value)}`,
      );
    }
    return resolved;
  };
  const text = (name: string, value: string | undefined, fallback: string) => {
    const resolved = value ?? fallback;
    if (typeof resolved !== 'string' || resolved.trim() === '') {
      throw new SandboxConfigError(`${name} must be a non-empty string`);
    }
    return resolved;
  };
  const participantId = text(
    'participantId',
    options.participantId,
    SANDBOX_DEFAULTS.participantId,
  );
  if (!/^\d{1,18}$/.test(participantId)) {
    throw new SandboxConfigError(
      `participantId must be digits (Ingo participant ids are numeric); got "${participantId}"`,
    );
  }
  if (options.ledger !== undefined && typeof options.ledger !== 'boolean') {
    throw new SandboxConfigError('ledger must be true or false');
  }
  const eventEnvelope = options.eventEnvelope ?? SANDBOX_DEFAULTS.eventEnvelope;
  if (!EVENT_ENVELOPES.includes(eventEnvelope)) {
    throw new SandboxConfigError(
      `eventEnvelope must be one of ${EVENT_ENVELOPES.join(', ')}; got ${String(eventEnvelope)}`,
    );
  }
  const username = text('username', options.username, SANDBOX_DEFAULTS.username);
  if (username.includes('"'))
    throw new SandboxConfigError('username must not contain a double quote');
  let origins: OriginMatcher;
  try {
    const list = options.allowedOrigins ?? SANDBOX_DEFAULTS.allowedOrigins;
    if (list.length === 0)
      throw new SandboxConfigError('allowedOrigins must list at least one origin');
    origins = createOriginMatcher(list);
  } catch (error) {
    throw error instanceof SandboxConfigError
      ? error
      : new SandboxConfigError((error as Error).message);
  }
  let webhooks: WebhookSettings;
  try {
    webhooks = resolveWebhookSettings(options);
  } catch (error) {
    throw error instanceof InvalidWebhookOptionError
      ? new SandboxConfigError(error.message)
      : error;
  }
  const D = SANDBOX_DEFAULTS;
  return {
    host: text('host', options.host, D.host),
    port: integer('port', options.port, D.port, 0, 65535),
    username,
    secret: text('secret', options.secret, D.secret),
    participantId,
    urlTtlSeconds: integer('urlTtlSeconds', options.urlTtlSeconds, D.urlTtlSeconds, 1, 86_400),
    maxAttempts: integer('maxAttempts', options.maxAttempts, D.maxAttempts, 1, 10),
    origins,
    idempotencyWindowSeconds: integer(
      'idempotencyWindowSeconds',
      options.idempotencyWindowSeconds,
      D.idempotencyWindowSeconds,
      1,
      30 * 86_400,
    ),
    ledger: options.ledger ?? false,
    ingoPaySlowMs: integer('ingoPaySlowMs', options.ingoPaySlowMs, D.ingoPaySlowMs, 0, 600_000),
    eventEnvelope,
    webhooks,
    now: options.now ?? Date.now,
    log: options.log ?? (() => {}),
  };
}
