/**
 * Time to a usable form: to the iframe's first PAGE_LOAD, in Chromium, against the sandbox with
 * injected latency, every variant in the same run:
 *
 * - from the mount call: ours (<IngoFundingForm> with `sdkUrl` up front, and core alone), Ingo's
 *   quick start done naively (session, then script, then create and mount) and done well (the SDK
 *   script in the page's HTML, loaded before the click), intent → form (prefetchFundingForm 200 ms
 *   before the mount) and the floor (an authorized URL and the script at hand: the iframe's own
 *   load);
 * - from navigation start: a server-rendered page whose form gets the session the server created
 *   while rendering it, and the same page without it;
 * - and, after those in each round, React with the session started during its first render
 *   (`prefetchFundingForm` in the component), for what that would gain over plain React.
 *
 * After every run the sandbox's sessions are counted, and three prefetch cases are run only to
 * count theirs: a prefetch nobody uses, a double hover, a prefetch that expired before the mount.
 */
import type { Browser } from 'playwright-core';
import { type PageName, type PageServer, withBenchSite } from './browser.js';
import { BenchError } from './errors.js';
import {
  describeTiming,
  SESSION_CASES,
  type SessionCase,
  TIMED_VARIANTS,
  type TimedVariant,
  type TimeToFormResult,
  type Timing,
  totals,
} from './results.js';
import { summarize } from './stats.js';

/** The latency the issue sets: Session API 150 ms, SDK script 100 ms. */
export const INJECTED_LATENCY = { sessionMs: 150, sdkMs: 100 } as const;

/**
 * How long after the page's load event the runner waits before it starts a timing (the user's
 * click), so that the browser's work right after a load (tasks, compilation, collection) lands
 * in no variant's measurement. The server-rendered pages are timed from navigation start and
 * mount at once; the wait does not change theirs.
 */
export const SETTLE_AFTER_LOAD_MS = 500;

/** Runs of each prefetch case that is only counted (`unused`, `double`, `expired`). */
export const COUNT_RUNS = 3;

/** The URL lifetime of the sandbox the `expired` case runs against, and how long it waits. */
export const EXPIRED_CASE = { urlTtlSeconds: 2, waitMs: 3_000 } as const;

/** Each timed variant's page, and its query. */
const PAGES: Record<TimedVariant, [PageName, Record<string, string>?]> = {
  react: ['time-react'],
  quickStart: ['time-quickstart'],
  quickStartWell: ['time-quickstart-well'],
  core: ['time-core'],
  intent: ['time-intent'],
  floor: ['time-floor'],
  ssr: ['time-ssr', { ssr: '1' }],
  ssrWithout: ['time-ssr', { ssr: '0' }],
};

/** React with the session started during its first render (see `reactPrefetch`). */
const REACT_PREFETCH: [PageName, Record<string, string>?] = ['time-react-prefetch'];

const COUNTED: Record<Exclude<SessionCase, TimedVariant>, Record<string, string>> = {
  unused: { mode: 'unused' },
  double: { mode: 'double' },
  expired: { mode: 'expired', wait: String(EXPIRED_CASE.waitMs) },
};

/** How many sessions the sandbox holds. */
async function sessionCount(sandboxUrl: string): Promise<number> {
  const response = await fetch(`${sandboxUrl}/__sandbox/sessions`);
  if (!response.ok)
    throw new BenchError(`The sandbox answered ${response.status} for its sessions.`);
  return ((await response.json()) as { sessions: unknown[] }).sessions.length;
}

/** One run of one page in a fresh browser context, and the sessions the sandbox created for it. */
async function runPage(
  browser: Browser,
  server: PageServer,
  sandboxUrl: string,
  [name, query]: [PageName, Record<string, string>?],
): Promise<{ timing: Timing; sessions: number }> {
  const before = await sessionCount(sandboxUrl);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.pageUrl(name, query), { waitUntil: 'load' });
    await page.waitForFunction(() => window.bench !== undefined);
    await page.waitForTimeout(SETTLE_AFTER_LOAD_MS);
    const timing = await page.evaluate(() => {
      const bench = window.bench;
      if (!bench || !('start' in bench)) throw new Error('not a timing page');
      return Promise.race([
        bench.start(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no PAGE_LOAD within 15 s')), 15_000),
        ),
      ]);
    });
    return { timing, sessions: (await sessionCount(sandboxUrl)) - before };
  } catch (error) {
    throw new BenchError(
      `Time to form (${name}${query ? ` ${new URLSearchParams(query)}` : ''}) failed: ${(error as Error).message}` +
        (server.errors.length ? `; session endpoint: ${String(server.errors[0])}` : ''),
    );
  } finally {
    await context.close();
  }
}

/**
 * Runs the timed variants `runs` times each, interleaved (React, quick start, …, React, …) so that
 * drift on the machine hits all alike; every run gets a fresh browser context (empty cache, no SDK
 * script loaded yet). Then the counted prefetch cases, {@link COUNT_RUNS} times each.
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
  const pages = [
    ...new Set(Object.values(PAGES).map(([name]) => name)),
    REACT_PREFETCH[0],
    'prefetch-cases',
  ] as const;
  const none = <T>(names: readonly string[]) =>
    Object.fromEntries(names.map((name) => [name, [] as T[]]));
  const result = {
    runs,
    ...none<Timing>(TIMED_VARIANTS),
    reactPrefetch: [],
    reactPrefetchSessions: [],
    sessions: none<number>(SESSION_CASES),
  } as unknown as TimeToFormResult &
    Required<Pick<TimeToFormResult, 'reactPrefetch' | 'reactPrefetchSessions'>>;
  await withBenchSite(pages, faults, async (server, sandboxUrl) => {
    // One unmeasured run of each first: Chromium's first context and page are slower.
    for (const variant of TIMED_VARIANTS)
      await runPage(browser, server, sandboxUrl, PAGES[variant]);
    await runPage(browser, server, sandboxUrl, REACT_PREFETCH);
    for (let i = 0; i < runs; i++) {
      for (const variant of TIMED_VARIANTS) {
        const { timing, sessions } = await runPage(browser, server, sandboxUrl, PAGES[variant]);
        result[variant].push(timing);
        result.sessions[variant].push(sessions);
      }
      const { timing, sessions } = await runPage(browser, server, sandboxUrl, REACT_PREFETCH);
      result.reactPrefetch.push(timing);
      result.reactPrefetchSessions.push(sessions);
      log(
        `time to form, run ${i + 1}/${runs}: ` +
          TIMED_VARIANTS.map((variant) => `${variant} ${describeTiming(result[variant][i])}`).join(
            '; ',
          ) +
          `; reactPrefetch ${describeTiming(timing)}`,
      );
    }
    for (const name of ['unused', 'double'] as const) {
      for (let i = 0; i < COUNT_RUNS; i++) {
        const run = await runPage(browser, server, sandboxUrl, ['prefetch-cases', COUNTED[name]]);
        result.sessions[name].push(run.sessions);
      }
    }
  });
  // Its own sandbox, whose URLs expire after 2 s: the form mounts after 3.
  await withBenchSite(
    ['prefetch-cases'],
    faults,
    async (server, sandboxUrl) => {
      for (let i = 0; i < COUNT_RUNS; i++) {
        const run = await runPage(browser, server, sandboxUrl, ['prefetch-cases', COUNTED.expired]);
        result.sessions.expired.push(run.sessions);
      }
    },
    { urlTtlSeconds: EXPIRED_CASE.urlTtlSeconds },
  );
  const median = (timings: Timing[]) => summarize(totals(timings)).median.toFixed(0);
  log(
    `time to form (median of ${runs}): ` +
      TIMED_VARIANTS.map((variant) => `${variant} ${median(result[variant])} ms`).join(', '),
  );
  log(
    `sessions per form: ${SESSION_CASES.map((name) => `${name} ${result.sessions[name].join('/')}`).join(', ')}`,
  );
  return result;
}
