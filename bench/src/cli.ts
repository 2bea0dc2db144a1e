/**
 * `pnpm bench`: runs every benchmark, prints one table to stdout (progress goes to stderr), and
 * after a full run rewrites the "Benchmarks" section of bench/README.md.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.js';
import { BenchError } from './errors.js';
import { measureLeaks } from './leaks.js';
import { type CliOptions, parseArgs, type Section } from './options.js';
import { README_PATH } from './paths.js';
import {
  type BenchResults,
  benchmarksSection,
  buildRows,
  describeMachine,
  machineLine,
  missedTargets,
  renderTable,
  replaceSection,
} from './report.js';
import { DEFAULT_LOAD, measureSigning, measureThroughput } from './server-bench.js';
import { measureApps, measureEntries } from './size.js';
import { timeToForm } from './time-to-form.js';

async function run(options: CliOptions): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = performance.now();
  const wants = (section: Section) => options.sections.includes(section);
  const results: BenchResults = {};
  let browser: Browser | undefined;
  try {
    if (wants('size')) {
      results.entries = await measureEntries();
      results.apps = await measureApps();
      log('sizes measured');
    }
    if (wants('server')) {
      // Before the browser starts, so that Chromium does not share the cores with the load.
      results.signing = await measureSigning(log);
      results.throughput = await measureThroughput(DEFAULT_LOAD, log);
    }
    if (wants('time') || wants('leaks')) {
      browser = await launchChromium();
      if (wants('time')) results.time = await timeToForm(browser, options.runs, log);
      if (wants('leaks')) results.leaks = await measureLeaks(browser, options.cycles, log);
    }
    const machine = describeMachine(browser?.version());
    const rows = buildRows(results);
    process.stdout.write(`\n${machineLine(machine)}\n\n${renderTable(rows)}\n`);
    const missed = missedTargets(rows);
    if (missed.length > 0) {
      process.stdout.write(`\nTargets missed:\n${missed.map((line) => `- ${line}`).join('\n')}\n`);
    }
    if (options.writeReadme) {
      const readme = await readFile(README_PATH, 'utf8').catch(() => '# @ingo-embed/bench\n');
      await writeFile(
        README_PATH,
        replaceSection(readme, 'Benchmarks', benchmarksSection(machine, rows)),
      );
      log(`bench/README.md: Benchmarks section rewritten`);
    }
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await browser?.close();
  }
}

try {
  await run(parseArgs(process.argv.slice(2)));
} catch (error) {
  if (error instanceof BenchError) {
    process.stderr.write(`pnpm bench: ${error.message}\n`);
  } else {
    process.stderr.write(`pnpm bench failed unexpectedly:\n${(error as Error)?.stack ?? error}\n`);
  }
  process.exitCode = 1;
}
