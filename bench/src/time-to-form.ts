/**
 * Time to a usable form: from the mount call to the iframe's first PAGE_LOAD, in Chromium,
 * against the sandbox with injected latency. Ours (<IngoFundingForm> with `sdkUrl` up front, and
 * core alone) against Ingo's quick start done by hand (session, then script, then create and
 * mount).
 */
import type { Browser } from 'playwright-core';
import { type PageName, withBenchSite } from './browser.js';
import { BenchError } from './errors.js';
import { describeTiming, type TimeToFormResult, type Timing, totals } from './results.js';
import { summarize } from './stats.js';

/** The latency the issue sets: Session API 150 ms, SDK script 100 ms. */
export const INJECTED_LATENCY = { sessionMs: 150, sdkMs: 100 } as const;

/**
 * Runs the three variants `runs` times each, interleaved (React, quick start, core, React, …) so that drift on
 * the machine hits both alike. Every run gets a fresh browser context: empty cache, no SDK
 * script loaded yet.
 */
export async function timeToForm(
  browser: Browser,
  runs: number,
  log: (line: string) => void,
): Promise<TimeToFormResult> {
  const faults = [
    { target: 'session', latencyMs: INJECTED_LATENCY.sessionMs },
    { target: 'sdk', latencyMs: INJECTED_LATENCY.sdkMs },
  ] as const;
  const pages = ['time-react', 'time-core', 'time-quickstart'] as const;
  return withBenchSite(pages, faults, async (server) => {
    const result: TimeToFormResult = { runs, react: [], core: [], quickStart: [] };
    const once = async (name: PageName): Promise<Timing> => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(server.pageUrl(name), { waitUntil: 'load' });
        await page.waitForFunction(() => window.bench !== undefined);
        return await page.evaluate(() => {
          const bench = window.bench;
          if (!bench || !('start' in bench)) throw new Error('not a timing page');
          return Promise.race([
            bench.start(),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error('no PAGE_LOAD within 15 s')), 15_000),
            ),
          ]);
        });
      } catch (error) {
        throw new BenchError(
          `Time to form (${name}) failed: ${(error as Error).message}` +
            (server.errors.length ? `; session endpoint: ${String(server.errors[0])}` : ''),
        );
      } finally {
        await context.close();
      }
    };
    // One unmeasured run of each first: Chromium's first context and page are slower.
    await once('time-react');
    await once('time-quickstart');
    await once('time-core');
    for (let i = 0; i < runs; i++) {
      result.react.push(await once('time-react'));
      result.quickStart.push(await once('time-quickstart'));
      result.core.push(await once('time-core'));
      log(
        `time to form, run ${i + 1}/${runs}: React ${describeTiming(result.react[i])}; ` +
          `quick start ${describeTiming(result.quickStart[i])}; core ${describeTiming(result.core[i])}`,
      );
    }
    const median = (timings: Timing[]) => summarize(totals(timings)).median.toFixed(0);
    log(
      `time to form: React ${median(result.react)} ms, core ${median(result.core)} ms, ` +
        `quick start ${median(result.quickStart)} ms (median of ${runs})`,
    );
    return result;
  });
}
