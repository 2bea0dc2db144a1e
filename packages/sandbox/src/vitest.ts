/**
 * `@ingo-embed/sandbox/vitest`: one sandbox per test file, reset before each test.
 *
 * ```ts
 * import { useSandbox } from '@ingo-embed/sandbox/vitest';
 * const sandbox = useSandbox({ inProcess: true });
 * const ingo = createIngoClient(sandbox.clientOptions()); // inside a test or hook
 * ```
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  IN_PROCESS_URL,
  type SandboxClient,
  type SandboxClientOptions,
  startTestSandbox,
  type TestSandbox,
  type TestSandboxOptions,
} from './testing.js';

export * from './testing.js';

export interface UseSandboxOptions extends TestSandboxOptions {
  /** Reset the sandbox before each test (default true). */
  resetBetweenTests?: boolean;
}

export interface SandboxHandle extends SandboxClient {
  readonly mode: TestSandbox['mode'];
}

/**
 * Registers `beforeAll` (start), `beforeEach` (reset) and `afterAll` (close) in the current test
 * file or `describe`, and returns the sandbox. Its `fetch` can be handed out at once; `url` and
 * the rest work once `beforeAll` has run (in tests and hooks).
 */
export function useSandbox(options: UseSandboxOptions = {}): SandboxHandle {
  const { resetBetweenTests = true, ...startOptions } = options;
  let current: TestSandbox | undefined;
  const started = (): TestSandbox => {
    if (!current) {
      throw new Error(
        'useSandbox(): the sandbox starts in beforeAll; use it inside a test or a hook, not at the top of the file.',
      );
    }
    return current;
  };

  beforeAll(async () => {
    current = await startTestSandbox(startOptions);
  });
  beforeEach(async () => {
    if (resetBetweenTests) await started().reset();
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });

  return {
    get mode() {
      return startOptions.inProcess ? 'in-process' : 'port';
    },
    get url() {
      return startOptions.inProcess ? IN_PROCESS_URL : started().url;
    },
    get sdkUrl() {
      return `${this.url}/sdk.js`;
    },
    // Stable, so it can be passed to a client before the sandbox has started.
    fetch: (input, init) => started().fetch(input, init),
    clientOptions(): SandboxClientOptions {
      return { ...started().clientOptions(), fetch: this.fetch };
    },
    reset: () => started().reset(),
    sessions: () => started().sessions(),
    session: (id) => started().session(id),
    transactions: (filter) => started().transactions(filter),
    tokens: () => started().tokens(),
    mintToken: (destination) => started().mintToken(destination),
    webhooks: () => started().webhooks(),
    waitForWebhook: (match, wait) => started().waitForWebhook(match, wait),
    faults: {
      add: (faults) => started().faults.add(faults),
      list: () => started().faults.list(),
      clear: () => started().faults.clear(),
    },
    setEventEnvelope: (envelope) => started().setEventEnvelope(envelope),
  };
}
