/**
 * Leaks: many mount → ready → destroy cycles per binding in Chromium, then what is left: live
 * iframes, `message` listeners on window, and JS heap growth after forced garbage collection.
 */
import { startSandbox } from '@ingo-embed/sandbox';
import type { Browser, Page } from 'playwright-core';
import { bundlePages, type PageName, startPageServer } from './browser.js';
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
    // Several rounds with a pause between: finalizers and weak references settle over turns.
    for (let i = 0; i < 4; i++) {
      collect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
    if (!memory) throw new Error('performance.memory is missing (Chromium only)');
    return {
      iframes: document.querySelectorAll('iframe').length,
      messageListeners: (
        window as unknown as { __messageListeners: () => number }
      ).__messageListeners(),
      heap: memory.usedJSHeapSize,
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

/** Runs `cycles` mount/destroy cycles for each of core, React, Vue and Svelte. */
export async function measureLeaks(
  browser: Browser,
  cycles: number,
  log: (line: string) => void,
): Promise<LeakResult[]> {
  const sandbox = await startSandbox({ port: 0 });
  const names = LEAK_TARGETS.map((target) => `leak-${target}` as PageName);
  const server = await startPageServer(await bundlePages(names), sandbox.url);
  const results: LeakResult[] = [];
  try {
    for (const target of LEAK_TARGETS) {
      const context = await browser.newContext();
      try {
        await context.addInitScript(COUNT_MESSAGE_LISTENERS);
        const page = await context.newPage();
        const pageErrors: string[] = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        await page.goto(server.pageUrl(`leak-${target}`), { waitUntil: 'load' });
        await page.waitForFunction(() => window.bench !== undefined);
        const started = performance.now();
        await runCycles(page, WARMUP_CYCLES, target);
        const before = await snapshot(page);
        await runCycles(page, cycles, target);
        const after = await snapshot(page);
        await page.waitForTimeout(SETTLE_MS);
        const settled = await snapshot(page);
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
        results.push(result);
        log(
          `leaks ${target}: ${result.iframes} iframes, ${result.messageListeners} message listeners, ` +
            `heap ${megabytes(result.heapGrowth)} after ${cycles} cycles, ` +
            `${megabytes(result.heapGrowthSettled)} ${SETTLE_MS / 1000} s later ` +
            `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
      } catch (error) {
        if (error instanceof BenchError) throw error;
        throw new BenchError(
          `Leak cycles (${target}) failed: ${(error as Error).message}` +
            (server.errors.length ? `; session endpoint: ${String(server.errors[0])}` : ''),
        );
      } finally {
        await context.close();
      }
    }
    return results;
  } finally {
    await server.close();
    await sandbox.close();
  }
}
