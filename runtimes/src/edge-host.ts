/**
 * Hosts the edge VM (`@edge-runtime/vm`, Vercel's edge runtime emulation) in a Node process of
 * its own: `node edge-host.js <script> <config json>` evaluates the scenarios (the bundle as a
 * classic script) inside a fresh EdgeVM, runs them, and prints the report as one JSON line.
 *
 * Its own process because Miniflare, loaded by the driver, installs a newer undici as Node's
 * global dispatcher, which the VM's fetch then shares and trips over (`invalid content-length
 * header`): an artifact of hosting both in one process, not of either runtime.
 */
import { readFile } from 'node:fs/promises';
import { EdgeVM } from '@edge-runtime/vm';
import { EDGE_GLOBAL_NAME } from './constants.js';

async function main(): Promise<void> {
  const [scriptPath, config] = process.argv.slice(2);
  if (!scriptPath || !config) throw new Error('usage: edge-host.js <script> <config json>');
  const vm = new EdgeVM();
  const leaks = vm.evaluate<string>("[typeof process, typeof require, typeof Buffer].join(',')");
  if (leaks !== 'undefined,undefined,undefined') {
    throw new Error(`the edge VM exposes Node globals (process, require, Buffer: ${leaks})`);
  }
  vm.evaluate(await readFile(scriptPath, 'utf8'));
  const json = await vm.evaluate<Promise<string>>(
    `${EDGE_GLOBAL_NAME}.runScenarios(${config}).then((report) => JSON.stringify(report))`,
  );
  const report = JSON.parse(json) as { agent: string };
  report.agent = `EdgeRuntime ${vm.evaluate<string>('EdgeRuntime')}, @edge-runtime/vm`;
  console.log(JSON.stringify(report));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
