#!/usr/bin/env node
/** `ingo-sandbox`: runs the sandbox until Ctrl-C. */
import { parseArgs } from 'node:util';
import { PULL_PATH, PUSH_PATH } from './ingopay.js';
import { EVENT_ENVELOPES, type EventEnvelope, isEventEnvelope } from './protocol.js';
import {
  SANDBOX_DEFAULTS,
  SandboxConfigError,
  SESSION_CREATE_PATH,
  startSandbox,
} from './server.js';
import { WEBHOOK_SIGNATURE_HEADER } from './webhooks.js';

/** `1000` → `1 s`, `120000` → `2 min`: for the banner. */
function duration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

const USAGE = `Usage: ingo-sandbox [options]

  --port <n>               port to listen on (default ${SANDBOX_DEFAULTS.port}; 0 picks a free one)
  --host <name>            interface to bind (default ${SANDBOX_DEFAULTS.host})
  --username <name>        HMAC username (default ${SANDBOX_DEFAULTS.username})
  --secret <secret>        HMAC secret (default ${SANDBOX_DEFAULTS.secret})
  --participant-id <id>    numeric participant id (default ${SANDBOX_DEFAULTS.participantId})
  --url-ttl <seconds>      authorized_url lifetime (default ${SANDBOX_DEFAULTS.urlTtlSeconds})
  --max-attempts <n>       failed verifications before the session ends (default ${SANDBOX_DEFAULTS.maxAttempts})
  --allowed-origins <list> comma-separated origins that may embed the iFrame
                           (default ${SANDBOX_DEFAULTS.allowedOrigins.join(',')})
  --ledger                 a ledger (Banking Platform) program: IngoPay push and pull
                           must carry the ledger object
  --ingopay-slow-ms <ms>   how long a .04 test amount stays in flight (default ${SANDBOX_DEFAULTS.ingoPaySlowMs})
  --event-envelope <shape> SDK event payloads: flat (Ingo's current docs), content (wrapped,
                           as older docs and public code read them) or both (default ${SANDBOX_DEFAULTS.eventEnvelope})
  --webhook-url <url>      POST Ingo-style webhooks to this http(s) URL; repeat for more
                           (default: none, no webhooks are sent)
  --webhook-secret <s>     key of the sandbox-only ${WEBHOOK_SIGNATURE_HEADER} signature,
                           base64(HMAC-SHA512(secret, raw body)) (default ${SANDBOX_DEFAULTS.webhookSecret})
  --webhook-retry-delays <list>
                           comma-separated ms to wait before each retry; "none" for no retries
                           (default ${SANDBOX_DEFAULTS.webhookRetryDelaysMs.join(',')})
  --webhook-timeout-ms <ms>
                           time an attempt has to get a 2xx (default ${SANDBOX_DEFAULTS.webhookTimeoutMs})
  --webhook-duplicates <rate>
                           share 0..1 of delivered webhooks sent twice on purpose (default 0)
  --quiet                  do not log requests
  --help                   show this help
`;

function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new SandboxConfigError(`--${name} must be a whole number; got "${value}"`);
  return Number(value);
}

function delaysOption(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'none') return [];
  return trimmed.split(',').map((part) => {
    const item = part.trim();
    if (!/^\d+$/.test(item)) {
      throw new SandboxConfigError(
        `--webhook-retry-delays must be comma-separated whole milliseconds such as 1000,5000,30000 (or "none"); got "${value}"`,
      );
    }
    return Number(item);
  });
}

function envelopeOption(value: string | undefined): EventEnvelope | undefined {
  if (value === undefined || isEventEnvelope(value)) return value;
  throw new SandboxConfigError(
    `--event-envelope must be one of ${EVENT_ENVELOPES.join(', ')}; got "${value}"`,
  );
}

function rateOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new SandboxConfigError(
      `--webhook-duplicates must be a rate from 0 to 1 such as 0.1 (1 = always); got "${value}"`,
    );
  }
  return rate;
}

async function main(): Promise<void> {
  let values: Record<string, string | string[] | boolean | undefined> = {};
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        username: { type: 'string' },
        secret: { type: 'string' },
        'participant-id': { type: 'string' },
        'url-ttl': { type: 'string' },
        'max-attempts': { type: 'string' },
        'allowed-origins': { type: 'string' },
        ledger: { type: 'boolean' },
        'ingopay-slow-ms': { type: 'string' },
        'event-envelope': { type: 'string' },
        'webhook-url': { type: 'string', multiple: true },
        'webhook-secret': { type: 'string' },
        'webhook-retry-delays': { type: 'string' },
        'webhook-timeout-ms': { type: 'string' },
        'webhook-duplicates': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`ingo-sandbox: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const str = (name: string) => values[name] as string | undefined;
  try {
    const origins = str('allowed-origins')
      ?.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    const options = {
      port: integerOption('port', str('port')),
      host: str('host'),
      username: str('username'),
      secret: str('secret'),
      participantId: str('participant-id'),
      urlTtlSeconds: integerOption('url-ttl', str('url-ttl')),
      maxAttempts: integerOption('max-attempts', str('max-attempts')),
      allowedOrigins: origins,
      ledger: values.ledger === true,
      ingoPaySlowMs: integerOption('ingopay-slow-ms', str('ingopay-slow-ms')),
      eventEnvelope: envelopeOption(str('event-envelope')),
      webhookUrls: values['webhook-url'] as string[] | undefined,
      webhookSecret: str('webhook-secret'),
      webhookRetryDelaysMs: delaysOption(str('webhook-retry-delays')),
      webhookTimeoutMs: integerOption('webhook-timeout-ms', str('webhook-timeout-ms')),
      webhookDuplicates: rateOption(str('webhook-duplicates')),
      log: values.quiet ? undefined : (line: string) => process.stdout.write(`[sandbox] ${line}\n`),
    };
    const sandbox = await startSandbox(options);
    const username = options.username ?? SANDBOX_DEFAULTS.username;
    const secret = options.secret ?? SANDBOX_DEFAULTS.secret;
    const participantId = options.participantId ?? SANDBOX_DEFAULTS.participantId;
    const webhookUrls = options.webhookUrls ?? [];
    const webhookDelays = options.webhookRetryDelaysMs ?? SANDBOX_DEFAULTS.webhookRetryDelaysMs;
    const webhookDuplicates = options.webhookDuplicates ?? SANDBOX_DEFAULTS.webhookDuplicates;
    process.stdout.write(
      [
        `Ingo sandbox listening on ${sandbox.url}`,
        `  username:        ${username}`,
        `  secret:          ${secret}`,
        `  participant id:  ${participantId}`,
        `  session API:     POST ${sandbox.url}${SESSION_CREATE_PATH}`,
        `  IngoPay push:    POST ${sandbox.url}${PUSH_PATH}`,
        `  IngoPay pull:    POST ${sandbox.url}${PULL_PATH}`,
        `  SDK script:      ${sandbox.url}/sdk.js`,
        `  ledger program:  ${options.ledger ? 'yes (ledger object required)' : 'no (ledger object ignored)'}`,
        `  allowed origins: ${(origins ?? SANDBOX_DEFAULTS.allowedOrigins).join(', ')}`,
        `  event envelope:  ${options.eventEnvelope ?? SANDBOX_DEFAULTS.eventEnvelope} (SDK event payloads)`,
        ...(webhookUrls.length === 0
          ? ['  webhooks:        none (add --webhook-url <url>)']
          : webhookUrls.map(
              (url, i) => `  ${i === 0 ? 'webhooks:       ' : '                '} POST ${url}`,
            )),
        `  webhook secret:  ${options.webhookSecret ?? SANDBOX_DEFAULTS.webhookSecret} (${WEBHOOK_SIGNATURE_HEADER}: base64 HMAC-SHA512 of the raw body; sandbox-only scheme)`,
        `  webhook retries: ${webhookDelays.length === 0 ? 'none' : webhookDelays.map(duration).join(', ')} (timeout ${duration(options.webhookTimeoutMs ?? SANDBOX_DEFAULTS.webhookTimeoutMs)} per attempt)${webhookDuplicates > 0 ? `; duplicates ${webhookDuplicates}` : ''}`,
        '',
      ].join('\n'),
    );
    const stop = () => {
      sandbox.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    if (error instanceof SandboxConfigError || (error as Error).name === 'MissingAssetsError') {
      process.stderr.write(`ingo-sandbox: ${(error as Error).message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

void main();
