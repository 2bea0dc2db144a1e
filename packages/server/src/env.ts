/**
 * Reads the `INGO_*` environment variables the demos (and most apps) use, so that the mapping
 * from variables to client options lives in one place.
 */
import { createIngoClient, type IngoClient, type IngoClientOptions } from './client.js';
import { IngoConfigError } from './errors.js';

/** Where the local emulator (`pnpm sandbox`) listens by default. */
export const LOCAL_SANDBOX_URL = 'http://127.0.0.1:4010';

/**
 * The emulator's default credentials, used only when `INGO_ENVIRONMENT` is `local` and the
 * variables are unset, so that a fresh checkout runs against `pnpm sandbox` with no setup.
 */
const LOCAL_SANDBOX_CREDENTIALS = { username: 'sandbox-user', secret: 'sandbox-secret' };

/** The emulator's default participant id, used only for `local` when INGO_PARTICIPANT_ID is unset. */
const LOCAL_SANDBOX_PARTICIPANT_ID = '12345';

export type IngoEnvName = 'local' | 'sandbox' | 'production';

export interface IngoEnvConfig {
  /** `local` means the emulator from `@ingo-embed/sandbox`, signed like Ingo's sandbox. */
  environment: IngoEnvName;
  username: string;
  secret: string;
  /** `undefined` means Ingo's documented URL for the environment. */
  sessionApiUrl: string | undefined;
  /** IngoPay base URL; `undefined` means Ingo's documented URL for the environment. */
  ingoPayApiUrl: string | undefined;
  /** Where the browser loads the SDK from; `undefined` when not configured. */
  sdkUrl: string | undefined;
  /**
   * Your numeric Ingo participant id, needed by pushFunds/pullFunds (Session Create does not send
   * it). For `local` it defaults to the emulator's `12345`.
   */
  participantId: string | undefined;
}

/** Any `process.env`-like record; on edge runtimes pass the bindings object. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

function read(env: EnvSource, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * Reads `INGO_USERNAME`, `INGO_SECRET`, `INGO_ENVIRONMENT` (`local` by default), `INGO_SESSION_API_URL`,
 * `INGO_INGOPAY_API_URL`, `INGO_SDK_URL` and `INGO_PARTICIPANT_ID`. Throws {@link IngoConfigError}
 * naming every missing or invalid variable. For `local`, unset credentials and participant id
 * default to the emulator's defaults.
 */
export function readIngoEnv(env: EnvSource): IngoEnvConfig {
  if (typeof env !== 'object' || env === null) {
    throw new IngoConfigError('readIngoEnv: pass the environment, e.g. readIngoEnv(process.env).');
  }
  const problems: string[] = [];
  const environment = (read(env, 'INGO_ENVIRONMENT') ?? 'local').toLowerCase();
  if (environment !== 'local' && environment !== 'sandbox' && environment !== 'production') {
    problems.push(`INGO_ENVIRONMENT must be local, sandbox or production (got "${environment}")`);
  }
  const local = environment === 'local';
  const username =
    read(env, 'INGO_USERNAME') ?? (local ? LOCAL_SANDBOX_CREDENTIALS.username : undefined);
  const secret = read(env, 'INGO_SECRET') ?? (local ? LOCAL_SANDBOX_CREDENTIALS.secret : undefined);
  if (!username) problems.push(`INGO_USERNAME is not set (needed for ${environment})`);
  if (!secret) problems.push(`INGO_SECRET is not set (needed for ${environment})`);
  const participantId =
    read(env, 'INGO_PARTICIPANT_ID') ?? (local ? LOCAL_SANDBOX_PARTICIPANT_ID : undefined);
  if (participantId !== undefined && !/^[0-9]+$/.test(participantId)) {
    problems.push('INGO_PARTICIPANT_ID must be the numeric participant id Ingo issued');
  }
  if (problems.length > 0) {
    throw new IngoConfigError(`Ingo environment variables: ${problems.join('; ')}.`);
  }
  const explicitApiUrl = read(env, 'INGO_SESSION_API_URL');
  const sessionApiUrl = explicitApiUrl ?? (environment === 'local' ? LOCAL_SANDBOX_URL : undefined);
  // The emulator serves IngoPay on the same port as the Session API.
  const ingoPayApiUrl = read(env, 'INGO_INGOPAY_API_URL') ?? (local ? sessionApiUrl : undefined);
  const explicitSdkUrl = read(env, 'INGO_SDK_URL');
  const sdkUrl =
    explicitSdkUrl ??
    (environment === 'local'
      ? `${(sessionApiUrl ?? LOCAL_SANDBOX_URL).replace(/\/+$/, '')}/sdk.js`
      : undefined);
  return {
    environment: environment as IngoEnvName,
    username: username as string,
    secret: secret as string,
    sessionApiUrl,
    ingoPayApiUrl,
    sdkUrl,
    participantId,
  };
}

/**
 * `createIngoClient` configured from `INGO_*` variables (see {@link readIngoEnv}); `overrides`
 * wins over the environment, e.g. `{ fetch }` or `{ timeoutMs }`.
 */
export function ingoClientFromEnv(
  env: EnvSource,
  overrides: Partial<IngoClientOptions> = {},
): IngoClient {
  const config = readIngoEnv(env);
  return createIngoClient({
    username: config.username,
    secret: config.secret,
    // The emulator checks signatures exactly like Ingo's sandbox.
    environment: config.environment === 'production' ? 'production' : 'sandbox',
    ...(config.sessionApiUrl === undefined ? {} : { sessionApiUrl: config.sessionApiUrl }),
    ...(config.ingoPayApiUrl === undefined ? {} : { ingoPayApiUrl: config.ingoPayApiUrl }),
    ...(config.participantId === undefined ? {} : { participantId: config.participantId }),
    ...overrides,
  });
}
