/**
 * Leaks: many mount → ready → destroy cycles per binding in Chromium, then what is left: live
 * iframes, `message` listeners on window, and JS heap growth after forced garbage collection.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type PageName, type PageServer, withBenchSite } from './browser.js';
import { BenchError } from './errors.js';
import {
  LEAK_TARGETS,
  type LeakResult,
  type LeakTarget,
  megabytes,
  SETTLE_MS,
  WARMUP_CYCLES,
} from './results.js';

/**
 * Counts window's `message` listeners as the browser does: one per (listener, capture) pair, a
 * second identical add is ignored, and an AbortSignal removes its listener. Runs before any page
 * script.
 */
export const COUNT_MESSAGE_LISTENERS = `(() => {
  const live = new Map();
  const add = window.addEventListener;
  const remove = window.removeEventListener;
  const capture = (options) => typeof options === 'boolean' ? options : !!(options && options.capture);
  const forget = (listener, useCapture) => {
    const set = live.get(listener);
    if (!set) return;
    set.delete(useCapture);
    if (set.size === 0) live.delete(listener);
  };
  // A bare addEventListener(…) call in module code has no \`this\`: it still means window.
  window.addEventListener = function (type, listener, options) {
    if (type === 'message' && listener && (this === undefined || this === window)) {
      const useCapture = capture(options);
      let set = live.get(listener);
      if (!set) live.set(listener, (set = new Set()));
      set.add(useCapture);
      const signal = options && typeof options === 'object' ? options.signal : undefined;
      if (signal) signal.addEventListener('abort', () => forget(listener, useCapture), { once: true });
    }
    return add.call(this, type, listener, options);
  };
  window.removeEventListener = function (type, listener, options) {
    if (type === 'message' && (this === undefined || this === window)) forget(listener, capture(options));
    return remove.call(this, type, listener, options);
  };
  Object.defineProperty(window, '__messageListeners', {
    value: () => [...live.values()].reduce((sum, set) => sum + set.size, 0),
  });
})();`;

interface Snapshot {
  iframes: number;
  messageListeners: number;
  heap: number;
}

async function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(async () => {
    // One Resource Timing entry per request, kept by the browser up to its 250-entry buffer: the
    // browser's bookkeeping, not memory the page's code holds on to.
    performance.clearResourceTimings();
    const collect = (globalThis as { gc?: () => void }).gc;
    if (!collect) throw new Error('gc() is missing: Chromium needs --js-flags=--expose-gc');
    // A fresh performance.memory on each reading: the object holds the numbers of its creation.
    const used = () => {
      const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
      if (!memory) throw new Error('performance.memory is missing (Chromium only)');
      return memory.usedJSHeapSize;
    };
    // Collect until the heap stops moving (two readings within 16 kB, at most 20 rounds):
    // finalizers, weak references and the last cycle's aborted iframe load settle over turns,
    // and a single gc() right after a cycle sometimes leaves a megabyte or more behind.
    let heap = Number.NaN;
    for (let round = 0; round < 20; round++) {
      collect();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const previous = heap;
      heap = used();
      if (Math.abs(heap - previous) < 16_384) break;
    }
    return {
      iframes: document.querySelectorAll('iframe').length,
      messageListeners: (
        window as unknown as { __messageListeners: () => number }
      ).__messageListeners(),
      heap,
    };
  });
}

async function runCycles(page: Page, count: number, target: LeakTarget): Promise<void> {
  const withIframe = await page.evaluate(async (n) => {
    const bench = window.bench;
    if (!bench || !('cycles' in bench)) throw new Error('not a leak page');
    return bench.cycles(n);
  }, count);
  // A cycle that never showed an iframe would make "0 iframes left" meaningless.
  if (withIframe !== count) {
    throw new BenchError(
      `Leak cycles (${target}): only ${withIframe} of ${count} mounts had exactly one iframe when ready.`,
    );
  }
}

/**
 * Runs `cycles` mount/destroy cycles for each of core, React, Vue and Svelte, one after the
 * other. Each binding has its own browser context (and so its own renderer process and heap), so
 * the {@link SETTLE_MS} wait of one runs while the next one cycles.
 */
export async function measureLeaks(
  browser: Browser,
  cycles: number,
  log: (line: string) => void,
): Promise<LeakResult[]> {
  const names = LEAK_TARGETS.map((target) => `leak-${target}` as PageName);
  return withBenchSite(names, [], (server) => cycleAll(browser, server, cycles, log));
}

async function cycleAll(
  browser: Browser,
  server: PageServer,
  cycles: number,
  log: (line: string) => void,
): Promise<LeakResult[]> {
  const contexts: BrowserContext[] = [];
  const fail = (target: LeakTarget, error: unknown) =>
    error instanceof BenchError
      ? error
      : new BenchError(
          `Leak cycles (${target}) failed: ${(error as Error).message}` +
            (server.errors.length ? `; session endpoint: ${String(server.errors[0])}` : ''),
        );
  try {
    const pending: Promise<LeakResult>[] = [];
    for (const target of LEAK_TARGETS) {
      const context = await browser.newContext();
      contexts.push(context);
      const pageErrors: string[] = [];
      let page: Page;
      let before: Snapshot;
      let after: Snapshot;
      try {
        await context.addInitScript(COUNT_MESSAGE_LISTENERS);
        page = await context.newPage();
        page.on('pageerror', (error) => pageErrors.push(error.message));
        await page.goto(server.pageUrl(`leak-${target}`), { waitUntil: 'load' });
        await page.waitForFunction(() => window.bench !== undefined);
        await runCycles(page, WARMUP_CYCLES, target);
        before = await snapshot(page);
        await runCycles(page, cycles, target);
        after = await snapshot(page);
      } catch (error) {
        throw fail(target, error);
      }
      const settledPage = page;
      const settleAt = performance.now() + SETTLE_MS;
      pending.push(
        (async (): Promise<LeakResult> => {
          await new Promise((resolve) => setTimeout(resolve, settleAt - performance.now()));
          const settled = await snapshot(settledPage).catch((error: unknown) => {
            throw fail(target, error);
          });
          if (pageErrors.length > 0) {
            throw new BenchError(`Leak cycles (${target}): the page threw: ${pageErrors[0]}`);
          }
          const result: LeakResult = {
            target,
            cycles,
            iframes: after.iframes,
            messageListeners: after.messageListeners - before.messageListeners,
            heapGrowth: after.heap - before.heap,
            heapGrowthSettled: settled.heap - before.heap,
          };
          log(
            `leaks ${target}: ${result.iframes} iframes, ${result.messageListeners} message ` +
              `listeners, heap ${megabytes(result.heapGrowth)} after ${cycles} cycles, ` +
              `${megabytes(result.heapGrowthSettled)} ${SETTLE_MS / 1000} s later`,
          );
          return result;
        })(),
      );
      // A rejection is picked up by Promise.all below; until then it must not go unhandled.
      pending.at(-1)?.catch(() => {});
      log(`leaks ${target}: ${cycles} cycles done`);
    }
    return await Promise.all(pending);
  } finally {
    for (const context of contexts) await context.close();
  }
}
