/**
 * `pnpm bench`: runs every benchmark, prints one table to stdout (progress goes to stderr), and
 * after a full run rewrites the "Benchmarks" section of bench/README.md.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { BenchError } from './errors.js';
import { type CliOptions, parseArgs, type Section } from './options.js';
import { README_PATH } from './paths.js';
import {
  type BenchResults,
  benchmarksSection,
  buildRows,
  currentLoad,
  describeMachine,
  machineLine,
  missedTargets,
  notes,
  renderTable,
  replaceSection,
} from './report.js';

/**
 * Loads a section's module only when it runs: `--only size` needs no sandbox build, and a
 * workspace package that is not built yet becomes a sentence instead of a stack trace.
 */
async function loadSection<T>(importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ERR_MODULE_NOT_FOUND') {
      throw new BenchError(
        `${message?.replace(/\.?$/, '.')} Build the workspace first: pnpm build.`,
      );
    }
    throw error;
  }
}

async function run(options: CliOptions): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = performance.now();
  const load = currentLoad();
  const wants = (section: Section) => options.sections.includes(section);
  const results: BenchResults = {};
  let browser: Browser | undefined;
  try {
    if (wants('size')) {
      const { measureApps, measureEntries } = await loadSection(() => import('./size.js'));
      results.entries = await measureEntries();
      results.apps = await measureApps();
      log('sizes measured');
    }
    if (wants('server')) {
      const { DEFAULT_LOAD, measurePushThroughput, measureSigning, measureThroughput } =
        await loadSection(() => import('./server-bench.js'));
      // Before the browser starts, so that Chromium does not share the cores with the load.
      results.signing = await measureSigning(log);
      results.throughput = await measureThroughput(DEFAULT_LOAD, log);
      results.pushThroughput = await measurePushThroughput(DEFAULT_LOAD, log);
    }
    if (wants('time') || wants('leaks') || wants('cls')) {
      const { launchChromium } = await loadSection(() => import('./browser.js'));
      browser = await launchChromium();
      if (wants('time')) {
        const { timeToForm } = await loadSection(() => import('./time-to-form.js'));
        results.time = await timeToForm(browser, options.runs, log);
      }
      if (wants('leaks')) {
        const { measureLeaks } = await loadSection(() => import('./leaks.js'));
        results.leaks = await measureLeaks(browser, options.cycles, log);
      }
      // Last: it starts the demo apps' servers, which would share the cores with the timings.
      if (wants('cls')) {
        const { measureLayoutShift } = await loadSection(() => import('./cls.js'));
        results.cls = await measureLayoutShift(browser, log);
      }
    }
    const machine = describeMachine(browser?.version(), load);
    const rows = buildRows(results);
    const extra = notes(results);
    process.stdout.write(`\n${machineLine(machine)}\n\n${renderTable(rows)}\n`);
    for (const line of extra) process.stdout.write(`\n${line}\n`);
    const missed = missedTargets(rows);
    if (missed.length > 0) {
      process.stdout.write(`\nTargets missed:\n${missed.map((line) => `- ${line}`).join('\n')}\n`);
    }
    if (options.writeReadme) {
      const readme = await readFile(README_PATH, 'utf8').catch(() => '# @ingo-embed/bench\n');
      await writeFile(
        README_PATH,
        replaceSection(readme, 'Benchmarks', benchmarksSection(machine, rows, extra)),
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
