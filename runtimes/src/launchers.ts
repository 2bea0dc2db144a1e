/**
 * How each runtime gets the bundle, runs `runScenarios(config)` and hands back its report. Deno,
 * Bun and Node run it as a file in a temporary directory (outside the workspace, so that none
 * finds a package.json or a config to act on); workerd through Miniflare; the edge VM in a Node
 * process of its own (edge-host.ts).
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { asScript } from './bundle.js';
import { EDGE_GLOBAL_NAME } from './constants.js';
import type { RuntimeReport, ScenarioConfig } from './scenarios.js';

/** A runtime that hangs past this is killed and reported as failed. */
export const RUNTIME_TIMEOUT_MS = 120_000;

/** Workers behaviour as of this date; any recent one works. */
export const COMPATIBILITY_DATE = '2026-01-01';

export interface RunContext {
  /** The bundle, an ES module importing nothing. */
  bundle: string;
  /** A fresh temporary directory, removed by the driver. */
  dir: string;
  config: (runtime: string) => ScenarioConfig;
}

export interface Runtime {
  name: string;
  run(context: RunContext): Promise<RuntimeReport>;
}

export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
}

/** runtimes/node_modules/.bin, where `pnpm exec` finds deno and bun (from src/ or dist/). */
const BIN_DIR = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));

/** Runs a command, resolves with its stdout; rejects on a non-zero exit or the timeout. */
export function exec(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a timeout also ends what a launcher script started.
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(
        new RuntimeError(`${command} ${args.join(' ')}: killed after ${RUNTIME_TIMEOUT_MS} ms`),
      );
    }, RUNTIME_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else {
        const output = `${stderr}${stdout}`.trim().split('\n').slice(-20).join('\n');
        reject(new RuntimeError(`exited with code ${code}:\n${output}`));
      }
    });
  });
}

/** The last line of stdout that parses as the report. */
function parseReport(stdout: string): RuntimeReport {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as RuntimeReport;
  } catch {
    throw new RuntimeError(`printed no report; stdout ended with: ${line.slice(0, 500)}`);
  }
}

/** Writes the bundle and a runner importing it, with the runtime's config inlined. */
async function writeRunner(context: RunContext, runtime: string): Promise<string> {
  await writeFile(join(context.dir, 'scenarios.mjs'), context.bundle);
  const runner = join(context.dir, `run-${runtime}.mjs`);
  await writeFile(
    runner,
    "import { runScenarios } from './scenarios.mjs';\n" +
      `const report = await runScenarios(${JSON.stringify(context.config(runtime))});\n` +
      'console.log(JSON.stringify(report));\n',
  );
  return runner;
}

const node: Runtime = {
  name: 'node',
  async run(context) {
    const runner = await writeRunner(context, 'node');
    const report = parseReport(await exec(process.execPath, [runner], { cwd: context.dir }));
    return { ...report, agent: `Node ${process.version}` };
  },
};

const deno: Runtime = {
  name: 'deno',
  async run(context) {
    const runner = await writeRunner(context, 'deno');
    const stdout = await exec(
      join(BIN_DIR, 'deno'),
      ['run', '--no-prompt', '--no-config', '--no-lock', '--allow-net=127.0.0.1', runner],
      {
        cwd: context.dir,
        env: { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(context.dir, 'deno-dir') },
      },
    );
    return parseReport(stdout);
  },
};

const bun: Runtime = {
  name: 'bun',
  async run(context) {
    const runner = await writeRunner(context, 'bun');
    const stdout = await exec(join(BIN_DIR, 'bun'), [runner], {
      cwd: context.dir,
      env: { DO_NOT_TRACK: '1' },
    });
    return parseReport(stdout);
  },
};

/** Starts workerd with the bundle as a Workers module script and the INGO_* bindings. */
export function startWorkerd(bundle: string, bindings: Record<string, string> = {}): Miniflare {
  return new Miniflare({
    modules: true,
    script: bundle,
    compatibilityDate: COMPATIBILITY_DATE,
    bindings,
  });
}

const workerd: Runtime = {
  name: 'workerd',
  async run(context) {
    const mf = startWorkerd(context.bundle);
    try {
      const response = await mf.dispatchFetch('http://conformance.local/__conformance/run', {
        method: 'POST',
        body: JSON.stringify(context.config('workerd')),
        signal: AbortSignal.timeout(RUNTIME_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status !== 200) {
        throw new RuntimeError(`the worker answered ${response.status}: ${text.slice(0, 500)}`);
      }
      return parseReport(text);
    } finally {
      await mf.dispose();
    }
  },
};

const EDGE_HOST = fileURLToPath(new URL('./edge-host.js', import.meta.url));

const edge: Runtime = {
  name: 'edge',
  async run(context) {
    const script = join(context.dir, 'scenarios.edge.js');
    await writeFile(script, await asScript(context.bundle, EDGE_GLOBAL_NAME));
    const config = JSON.stringify(context.config('edge'));
    return parseReport(
      await exec(process.execPath, [EDGE_HOST, script, config], { cwd: context.dir }),
    );
  },
};

export const RUNTIMES: readonly Runtime[] = [node, workerd, deno, bun, edge];
