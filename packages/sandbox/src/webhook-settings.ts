/**
 * The webhook options of the sandbox (WEBHOOKS.md §9): where to POST, the SANDBOX-ONLY signature
 * key, the retry schedule, the per-attempt timeout and the on-purpose duplicate rate.
 */
/** The header carrying the signature. Ingo documents the header; its value's scheme is the sandbox's. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Ingo-Signature';

/**
 * WEBHOOKS.md §9.3's production-like schedule (30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h:
 * 8 attempts over about 11 h). Not the default: pass it as `webhookRetryDelaysMs` to rehearse a
 * long outage.
 */
export const PRODUCTION_LIKE_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = Object.freeze([
  30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000,
]);

export const WEBHOOK_DEFAULTS = Object.freeze({
  webhookSecret: 'sandbox-webhook-secret',
  /** Demo-friendly: 6 attempts over about 12.6 minutes, so a demo sees retries and an end. */
  webhookRetryDelaysMs: Object.freeze([
    1_000, 5_000, 30_000, 120_000, 600_000,
  ]) as readonly number[],
  /** Ingo's documented window: any 2xx within 10 seconds. */
  webhookTimeoutMs: 10_000,
  webhookDuplicates: 0,
});

export interface WebhookOptions {
  webhookUrls?: readonly string[];
  webhookSecret?: string;
  webhookRetryDelaysMs?: readonly number[];
  webhookTimeoutMs?: number;
  webhookDuplicates?: number;
}

export interface WebhookSettings {
  urls: readonly string[];
  secret: string;
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  duplicates: number;
}

export class InvalidWebhookOptionError extends Error {
  override name = 'InvalidWebhookOptionError';
}

const MAX_RETRY_DELAY_MS = 86_400_000;
const MAX_RETRIES = 20;

/** Checks the webhook options of `startSandbox`; throws InvalidWebhookOptionError. */
export function resolveWebhookSettings(options: WebhookOptions): WebhookSettings {
  const fail = (message: string): never => {
    throw new InvalidWebhookOptionError(message);
  };
  const rawUrls = options.webhookUrls ?? [];
  if (!Array.isArray(rawUrls)) fail('webhookUrls must be an array of http(s) URLs');
  const urls: string[] = [];
  for (const [index, value] of (rawUrls as readonly unknown[]).entries()) {
    const name = `webhookUrls[${index}]`;
    if (typeof value !== 'string') fail(`${name} must be a string URL`);
    const text = value as string;
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      fail(
        `${name} must be an absolute http(s) URL such as http://127.0.0.1:3000/webhooks/ingo; got "${text}"`,
      );
    }
    if (!url) continue;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      fail(`${name} must be an http(s) URL; got "${text}"`);
    }
    if (url.hash !== '') fail(`${name} must not have a #fragment; got "${text}"`);
    if (urls.includes(url.href)) fail(`${name} repeats ${url.href}`);
    urls.push(url.href);
  }
  const secret = options.webhookSecret ?? WEBHOOK_DEFAULTS.webhookSecret;
  if (typeof secret !== 'string' || secret === '') fail('webhookSecret must be a non-empty string');
  const delays = options.webhookRetryDelaysMs ?? WEBHOOK_DEFAULTS.webhookRetryDelaysMs;
  if (!Array.isArray(delays)) fail('webhookRetryDelaysMs must be an array of milliseconds');
  if (delays.length > MAX_RETRIES) {
    fail(`webhookRetryDelaysMs may list at most ${MAX_RETRIES} retries; got ${delays.length}`);
  }
  for (const delay of delays) {
    if (!Number.isInteger(delay) || delay < 0 || delay > MAX_RETRY_DELAY_MS) {
      fail(
        `webhookRetryDelaysMs entries must be integers from 0 to ${MAX_RETRY_DELAY_MS} (one day); got ${String(delay)}`,
      );
    }
  }
  const timeoutMs = options.webhookTimeoutMs ?? WEBHOOK_DEFAULTS.webhookTimeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    fail(`webhookTimeoutMs must be an integer from 1 to 600000; got ${String(timeoutMs)}`);
  }
  const duplicates = options.webhookDuplicates ?? WEBHOOK_DEFAULTS.webhookDuplicates;
  if (typeof duplicates !== 'number' || !(duplicates >= 0 && duplicates <= 1)) {
    fail(`webhookDuplicates must be a rate from 0 to 1 (1 = always); got ${String(duplicates)}`);
  }
  return { urls, secret, retryDelaysMs: [...delays], timeoutMs, duplicates };
}
