/**
 * Cumulative Layout Shift of the funding form in each sample app, from the moment the form starts
 * mounting until it is ready and its iframe has settled at its final height, in Chromium, against
 * the apps' production builds and the local sandbox (started by scripts/dev.mjs, as the browser
 * tests do).
 *
 * Per demo, viewport (a phone, a desktop) and run, a fresh browser context (a new visitor, empty
 * cache) opens the page at `#form-title` (the form's panel at the top of the viewport, so that
 * what moves below the form is on screen), measures the form the page mounts (debit), then
 * chooses every other destination and debit again, scrolling the panel back to the top first,
 * and measures each new form. See pages/cls-window.ts for when a window opens and closes.
 */

import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { ClsMeasure } from '../pages/cls-probe.js';
import { DEMOS, type Demo, demoUrl, type RunningDemos, sortDemos, startDemos } from './demos.js';
import { PAGES_DIR, REPO_DIR } from './paths.js';
import {
  CLS_CHOICES,
  CLS_VIEWPORTS,
  type ClsDemoResult,
  type ClsDestination,
  type ClsResult,
  type ClsViewport,
} from './results.js';

/** Runs per demo and viewport: each is a page load and five destination changes. */
export const CLS_RUNS = 3;

/**
 * How long nothing may move (no shift, no height report, no change of the iframe's height or the
 * form's state) before a window closes. The hosted form reports its height once it has laid out,
 * about 100 ms after the form is `ready`; a second report (a late font, a re-layout) comes
 * within a few frames, so half a second of calm means the form has settled.
 */
export const QUIET_MS = 500;

/** A window that has not closed after this long fails the demo. */
const WINDOW_TIMEOUT_MS = 15_000;

/** The destination radio buttons' labels in every demo (the end-to-end tests click the same). */
export const DESTINATION_LABELS: Record<ClsDestination, string> = {
  debit: 'Debit card',
  credit: 'Credit card',
  ach: 'Bank account (ACH)',
  billpay: 'BillPay',
  paypal: 'PayPal',
};

/** The probe (pages/cls-probe.ts) as a classic script for `addInitScript`. */
async function probeScript(): Promise<string> {
  const result = await build({
    entryPoints: [`${PAGES_DIR}cls-probe.ts`],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    write: false,
  });
  return result.outputFiles[0]?.text ?? '';
}

const settleArgs = [QUIET_MS, WINDOW_TIMEOUT_MS] as const;

/** One fresh context: the page load's window, then one per destination chosen. */
async function measureRun(
  browser: Browser,
  demo: Demo,
  viewport: ClsViewport,
  script: string,
  into: ClsDemoResult,
): Promise<void> {
  const context = await browser.newContext({ viewport: CLS_VIEWPORTS[viewport] });
  try {
    await context.addInitScript({ content: script });
    const page = await context.newPage();
    await page.goto(`${demoUrl(demo)}#form-title`, { waitUntil: 'domcontentloaded' });
    const load = await page.evaluate(
      ([quiet, timeout]) =>
        (window.clsProbe as NonNullable<Window['clsProbe']>).settle(0, quiet, timeout),
      settleArgs,
    );
    into.windows.push({ viewport, destination: 'debit', trigger: 'load', ...load });
    for (const destination of CLS_CHOICES) {
      into.windows.push({
        viewport,
        destination,
        trigger: 'choice',
        ...(await choose(page, destination)),
      });
    }
  } finally {
    await context.close();
  }
}

/** Brings the form's panel to the top of the viewport, chooses `destination`, measures the new form. */
async function choose(
  page: Page,
  destination: ClsDestination,
): Promise<ClsMeasure & { atChoice: number }> {
  await page.evaluate(() => {
    document.getElementById('form-title')?.scrollIntoView({ block: 'start' });
    (window.clsProbe as NonNullable<Window['clsProbe']>).arm();
  });
  await page.getByLabel(DESTINATION_LABELS[destination], { exact: true }).check();
  return page.evaluate(
    ([quiet, timeout]) =>
      (window.clsProbe as NonNullable<Window['clsProbe']>).afterChoice(quiet, timeout),
    settleArgs,
  );
}

/**
 * Starts the demos whose production builds exist, measures each `runs` times per viewport (after
 * one unmeasured page load: a server's first answer is slower), and stops them. A demo without a
 * build, or one that fails, is reported as such; the others are still measured.
 */
export async function measureLayoutShift(
  browser: Browser,
  log: (line: string) => void,
  runs = CLS_RUNS,
): Promise<ClsResult> {
  const { ready, skipped } = sortDemos(DEMOS, (path) => existsSync(`${REPO_DIR}${path}`));
  const demos: ClsDemoResult[] = DEMOS.map(({ name, app }) => ({ name, app, windows: [] }));
  const resultOf = (demo: Demo) => demos[DEMOS.indexOf(demo)] as ClsDemoResult;
  for (const { demo, reason } of skipped) {
    resultOf(demo).skipped = reason;
    log(`layout shift: ${demo.name} skipped: ${reason}`);
  }
  if (ready.length === 0) return { runs, quietMs: QUIET_MS, demos };
  const script = await probeScript();
  let servers: RunningDemos | undefined;
  try {
    servers = await startDemos(ready, log);
    for (const demo of ready) {
      const result = resultOf(demo);
      if (!(await servers.serving(demo))) {
        result.skipped = `not served on port ${demo.port}: scripts/dev.mjs does not start apps/${demo.app}`;
        log(`layout shift: ${demo.name} skipped: ${result.skipped}`);
        continue;
      }
      try {
        await measureRun(browser, demo, 'desktop', script, { ...result, windows: [] });
        for (let run = 0; run < runs; run++) {
          for (const viewport of Object.keys(CLS_VIEWPORTS) as ClsViewport[]) {
            await measureRun(browser, demo, viewport, script, result);
          }
          log(
            `layout shift, ${demo.name}: run ${run + 1}/${runs}, ${result.windows.length} windows`,
          );
        }
      } catch (error) {
        result.failed = (error as Error).message.split('\n')[0] ?? String(error);
        log(`layout shift: ${demo.name} failed: ${result.failed}`);
      }
    }
  } finally {
    await servers?.stop();
  }
  return { runs, quietMs: QUIET_MS, demos };
}
