/**
 * `pnpm test:runtimes`: starts the sandbox on loopback, bundles the scenarios once, runs them
 * inside Node, workerd, Deno, Bun and the edge VM (in parallel), then the stateless test across
 * two instances. One line per runtime, the errors of what failed, and a last line
 * `N passed, M failed` (runtimes). Exits non-zero when anything failed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@ingo-embed/sandbox';
import { bundleScenarios } from './bundle.js';
import { RUNTIMES, type Runtime } from './launchers.js';
import type { RuntimeReport, ScenarioConfig, ScenarioResult } from './scenarios.js';
import { runStateless } from './stateless.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function failures(results: readonly ScenarioResult[]): string[] {
  return results
    .filter((result) => !result.ok)
    .map((result) => `    ✗ ${result.name}\n      ${result.error ?? 'failed'}`);
}

interface Outcome {
  runtime: Runtime;
  ok: boolean;
  lines: string[];
}

async function runOne(runtime: Runtime, run: () => Promise<RuntimeReport>): Promise<Outcome> {
  const started = performance.now();
  try {
    const report = await run();
    const took = seconds(performance.now() - started);
    const ok = report.failed === 0 && report.passed > 0;
    const counts =
      report.failed === 0
        ? `${report.passed} passed`
        : `${report.passed} passed, ${report.failed} failed`;
    return {
      runtime,
      ok,
      lines: [`${runtime.name}: ${counts} (${report.agent}, ${took})`, ...failures(report.results)],
    };
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { runtime, ok: false, lines: [`${runtime.name}: failed to run\n    ${text}`] };
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  // Credentials of this run only: the instances share nothing else.
  const username = 'conformance-user';
  const secret = `secret-${crypto.randomUUID()}`;
  const sandbox = await startSandbox({ port: 0, username, secret });
  const dir = await mkdtemp(join(tmpdir(), 'ingo-runtimes-'));
  try {
    const bundle = await bundleScenarios();
    const config = (runtime: string): ScenarioConfig => ({
      runtime,
      sandboxUrl: sandbox.url,
      username,
      secret,
      participantId: '12345',
    });
    console.log(
      `sandbox ${sandbox.url}; the scenarios bundled once (${(bundle.length / 1024).toFixed(0)} KiB, no imports)`,
    );
    const outcomes = await Promise.all(
      RUNTIMES.map((runtime) => runOne(runtime, () => runtime.run({ bundle, dir, config }))),
    );
    for (const outcome of outcomes) console.log(outcome.lines.join('\n'));

    const stateless = await runStateless(bundle, config('stateless'));
    const statelessFailed = stateless.results.filter((result) => !result.ok).length;
    const statelessPassed = stateless.results.length - statelessFailed;
    console.log(
      `stateless across instances: ${statelessPassed} passed` +
        `${statelessFailed ? `, ${statelessFailed} failed` : ''} (${stateless.instances})`,
    );
    for (const line of failures(stateless.results)) console.log(line);

    const passed = outcomes.filter((outcome) => outcome.ok).length;
    const failed = outcomes.length - passed;
    console.log(`suite took ${seconds(performance.now() - started)}`);
    console.log(
      `${passed} passed, ${failed} failed${statelessFailed ? '; stateless across instances failed' : ''}`,
    );
    return failed === 0 && statelessFailed === 0 ? 0 : 1;
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
