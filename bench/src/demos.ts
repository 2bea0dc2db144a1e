/**
 * The sample apps the layout-shift benchmark measures, and starting them the way the end-to-end
 * tests do: `node scripts/dev.mjs --production` with `INGO_ENVIRONMENT=local` (the local sandbox on
 * port 4010, each app's production build on its own port, a start page on 5170 that comes up last).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BenchError } from './errors.js';
import { REPO_DIR } from './paths.js';

export interface Demo {
  /** As the table names it. */
  name: string;
  /** Its directory under apps/. */
  app: string;
  /** The port scripts/dev.mjs serves it on (http://localhost:<port>/). */
  port: number;
  /** A file its production build writes, relative to its directory: no file, no build. */
  built: string;
}

/** Every demo, in the table's order. A new one: its line here, and scripts/dev.mjs starts it. */
export const DEMOS: readonly Demo[] = [
  { name: 'Next.js', app: 'next-demo', port: 5173, built: '.next/BUILD_ID' },
  { name: 'Nuxt', app: 'nuxt-demo', port: 5174, built: '.output/server/index.mjs' },
  { name: 'SvelteKit', app: 'sveltekit-demo', port: 5175, built: 'build/index.js' },
  {
    name: 'Custom element',
    app: 'element-demo',
    port: 5176,
    // Plain HTML on node:http: what its page imports are the packages' builds.
    built: 'node_modules/@ingo-embed/element/dist/index.js',
  },
];

/** What scripts/dev.mjs listens on besides the apps: the sandbox and the start page. */
export const DEV_PORTS = { sandbox: 4010, startPage: 5170 } as const;

export const demoUrl = (demo: Demo) => `http://localhost:${demo.port}/`;

/**
 * The demos that can be measured, and why each other one cannot: no such app (yet), or no
 * production build. `exists` is `existsSync` for a path under the repository's root.
 */
export function sortDemos(
  demos: readonly Demo[],
  exists: (path: string) => boolean,
): { ready: Demo[]; skipped: { demo: Demo; reason: string }[] } {
  const ready: Demo[] = [];
  const skipped: { demo: Demo; reason: string }[] = [];
  for (const demo of demos) {
    if (!exists(`apps/${demo.app}`)) {
      skipped.push({ demo, reason: `there is no apps/${demo.app}` });
    } else if (!exists(`apps/${demo.app}/${demo.built}`)) {
      skipped.push({
        demo,
        reason: `no production build (apps/${demo.app}/${demo.built} is missing: pnpm build)`,
      });
    } else {
      ready.push(demo);
    }
  }
  return { ready, skipped };
}

/** The last `lines` non-empty lines of a process's output, for an error message. */
export function tail(output: string, lines = 8): string {
  return output
    .split('\n')
    .filter((line) => line.trim())
    .slice(-lines)
    .join('\n');
}

/** Whether something answers HTTP on the port (any status). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

export interface RunningDemos {
  /** Whether the demo answers on its port now. */
  serving(demo: Demo): Promise<boolean>;
  /** Stops scripts/dev.mjs (which stops everything it started) and waits for the ports to close. */
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/**
 * Starts `node scripts/dev.mjs --production` against the local sandbox and waits until its start
 * page answers (it comes up once every app does). Refuses to start over servers already on the
 * demos' ports (`pnpm dev`, the browser tests): the numbers would be theirs.
 */
export async function startDemos(
  demos: readonly Demo[],
  log: (line: string) => void,
): Promise<RunningDemos> {
  const ports = [DEV_PORTS.sandbox, DEV_PORTS.startPage, ...demos.map((demo) => demo.port)];
  for (const port of ports) {
    if (await answers(`http://localhost:${port}/`)) {
      throw new BenchError(
        `Port ${port} is in use: stop \`pnpm dev\`, \`pnpm demos:production\` or the browser tests ` +
          'before measuring the demos (the layout-shift section starts them itself).',
      );
    }
  }
  const script = `${REPO_DIR}scripts/dev.mjs`;
  if (!existsSync(script)) throw new BenchError(`${script} is missing.`);
  let output = '';
  const child = spawn(process.execPath, [script, '--production'], {
    cwd: REPO_DIR,
    // The sandbox with its defaults (URLs live 30 s), whatever the shell has set.
    env: { ...process.env, INGO_ENVIRONMENT: 'local', INGO_SANDBOX_ARGS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(late);
    }
    // dev.mjs stops its children and exits after half a second; they may take a little longer.
    const deadline = Date.now() + 15_000;
    for (const port of ports) {
      while (Date.now() < deadline && (await answers(`http://localhost:${port}/`))) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  log('layout shift: starting the demos (node scripts/dev.mjs --production)');
  const deadline = Date.now() + 180_000;
  let gone = false;
  void exited(child).then(() => {
    gone = true;
  });
  while (!(await answers(`http://127.0.0.1:${DEV_PORTS.startPage}/`))) {
    if (gone || Date.now() > deadline) {
      await stop();
      throw new BenchError(
        `scripts/dev.mjs --production ${gone ? `stopped (exit code ${child.exitCode})` : 'was not up after 180 s'} ` +
          `before the demos were up:\n${tail(output)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { serving: (demo) => answers(demoUrl(demo)), stop };
}
