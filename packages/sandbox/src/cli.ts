#!/usr/bin/env node
/** `ingo-sandbox`: runs the sandbox until Ctrl-C. */
import { parseArgs } from 'node:util';
import { PULL_PATH, PUSH_PATH } from './ingopay.js';
import {
  SANDBOX_DEFAULTS,
  SandboxConfigError,
  SESSION_CREATE_PATH,
  startSandbox,
} from './server.js';

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
  --quiet                  do not log requests
  --help                   show this help
`;

function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new SandboxConfigError(`--${name} must be a whole number; got "${value}"`);
  return Number(value);
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined> = {};
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
      log: values.quiet ? undefined : (line: string) => process.stdout.write(`[sandbox] ${line}\n`),
    };
    const sandbox = await startSandbox(options);
    const username = options.username ?? SANDBOX_DEFAULTS.username;
    const secret = options.secret ?? SANDBOX_DEFAULTS.secret;
    const participantId = options.participantId ?? SANDBOX_DEFAULTS.participantId;
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
