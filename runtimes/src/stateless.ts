/**
 * Stateless across instances: two session endpoints that share nothing but the INGO_* variables
 * (the secret included), in two runtimes and two builds of the package: a Node process through
 * the `node` export condition (node:crypto), and a workerd isolate running the bundle (Web
 * Crypto). A browser's retry that reaches the other instance must re-authorize the same Ingo
 * session; the same browser key from another user must not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Miniflare } from 'miniflare';
import { SESSION_PATH, USER_HEADER } from './app.js';
import { startWorkerd } from './launchers.js';
import {
  envFor,
  reauthorizations,
  type ScenarioConfig,
  type ScenarioResult,
  sandboxSession,
} from './scenarios.js';

const NODE_INSTANCE = fileURLToPath(new URL('./node-instance.js', import.meta.url));

export interface StatelessReport {
  /** What the two instances were. */
  instances: string;
  results: ScenarioResult[];
}

type Post = (user: string, idempotencyKey: string) => Promise<Response>;

function body(idempotencyKey: string): string {
  return JSON.stringify({ idempotencyKey, destination: 'debit' });
}

async function startNodeInstance(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; build: string }> {
  const child = spawn(process.execPath, [NODE_INSTANCE], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('did not listen within 15 s')), 15_000);
      child.once('exit', (code) => reject(new Error(`exited with code ${code} before listening`)));
      lines.once('line', (line) => {
        clearTimeout(timer);
        const { url, build } = JSON.parse(line) as { url: string; build: string };
        resolve({ child, url, build });
      });
    });
  } catch (error) {
    child.kill();
    throw new Error(`the Node instance: ${(error as Error).message}`);
  }
}

async function sessionOf(response: Response, where: string): Promise<string> {
  const json = (await response.json()) as { sessionId?: string };
  if (response.status !== 200 || typeof json.sessionId !== 'string') {
    throw new Error(`${where} answered ${response.status}: ${JSON.stringify(json)}`);
  }
  return json.sessionId;
}

export async function runStateless(
  bundle: string,
  config: ScenarioConfig,
): Promise<StatelessReport> {
  const env = envFor(config) as Record<string, string>;
  let nodeInstance: Awaited<ReturnType<typeof startNodeInstance>> | undefined;
  let mf: Miniflare | undefined;
  const results: ScenarioResult[] = [];
  let instances = 'a Node process (node condition) ⇄ a workerd isolate (the bundle)';
  try {
    nodeInstance = await startNodeInstance(env);
    mf = startWorkerd(bundle, env);
    instances = `a Node process (${nodeInstance.build}, node:crypto) ⇄ a workerd isolate (the bundle, Web Crypto)`;
    const nodeUrl = `${nodeInstance.url}${SESSION_PATH}`;
    const worker = mf;
    const headers = (user: string) => ({ 'content-type': 'application/json', [USER_HEADER]: user });
    const onNode: Post = (user, key) =>
      fetch(nodeUrl, { method: 'POST', headers: headers(user), body: body(key) });
    const onWorkerd: Post = async (user, key) =>
      (await worker.dispatchFetch(`http://shop.example${SESSION_PATH}`, {
        method: 'POST',
        headers: headers(user),
        body: body(key),
      })) as unknown as Response;

    const key = crypto.randomUUID();
    let alice: string | undefined;
    let bob: string | undefined;
    const step = async (name: string, run: () => Promise<void>) => {
      const started = Date.now();
      try {
        await run();
        results.push({ name, ok: true, ms: Date.now() - started });
      } catch (error) {
        results.push({ name, ok: false, ms: Date.now() - started, error: String(error) });
      }
    };
    await step(
      "a browser's retry on the other instance re-authorizes the same session",
      async () => {
        alice = await sessionOf(await onNode('alice', key), 'the Node instance');
        const retried = await sessionOf(await onWorkerd('alice', key), 'the workerd instance');
        if (retried !== alice) throw new Error(`a new session ${retried} instead of ${alice}`);
        const recorded = await sandboxSession(config.sandboxUrl, alice);
        if (reauthorizations(recorded) !== 1) {
          throw new Error(
            `the sandbox logged ${reauthorizations(recorded)} re-authorizations, not 1`,
          );
        }
      },
    );
    await step('the same browser key from another user gets another session', async () => {
      bob = await sessionOf(await onWorkerd('bob', key), 'the workerd instance');
      if (bob === alice) throw new Error(`bob was given alice's session ${alice}`);
      const recorded = await sandboxSession(config.sandboxUrl, bob);
      if (reauthorizations(recorded) !== 0) throw new Error("bob's session was not new");
    });
    await step(
      "that user's retry on the first instance re-authorizes their own session",
      async () => {
        const again = await sessionOf(await onNode('bob', key), 'the Node instance');
        if (again !== bob) throw new Error(`a new session ${again} instead of ${bob}`);
      },
    );
  } catch (error) {
    results.push({ name: 'setup', ok: false, ms: 0, error: String(error) });
  } finally {
    nodeInstance?.child.stdin?.end();
    nodeInstance?.child.kill();
    await mf?.dispose();
  }
  return { instances, results };
}
