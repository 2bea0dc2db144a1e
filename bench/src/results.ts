/**
 * What the Chromium benchmarks produce, kept apart from their runners (which need a browser and
 * the sandbox) so that the report and its tests can use them alone.
 */
import type { Timing } from '../pages/page-kit.js';

export type { Timing };

export interface TimeToFormResult {
  runs: number;
  /** `<IngoFundingForm>` from @ingo-embed/react: the comparison the issue asks for. */
  react: Timing[];
  /** `mountFundingForm` alone: how much of React's time is the framework's. */
  core: Timing[];
  /** Ingo's quick start by hand. */
  quickStart: Timing[];
}

export const totals = (timings: readonly Timing[]) => timings.map((timing) => timing.total);

/** `412 ms (session 160, script 115)`: when each part had arrived. */
export function describeTiming(timing: Timing | undefined): string {
  if (!timing) return 'none';
  return (
    `${timing.total.toFixed(0)} ms (session ${timing.session.toFixed(0)}, ` +
    `script ${timing.script.toFixed(0)})`
  );
}

export const LEAK_TARGETS = ['core', 'react', 'vue', 'svelte'] as const;
export type LeakTarget = (typeof LEAK_TARGETS)[number];

/** Cycles run before the baseline, so one-time costs (SDK script, JIT, caches) are not counted. */
export const WARMUP_CYCLES = 50;

/**
 * How long after the last cycle the heap is read a second time: core's default `timeoutMs`
 * (15 s) and a second more. Core leaves its timeout timers running after a form settles or is
 * destroyed, and each timer keeps that form's closures (its container, callbacks, abort signal)
 * alive until it fires; the second reading shows what is left once they have.
 */
export const SETTLE_MS = 16_000;

export interface LeakResult {
  target: LeakTarget;
  cycles: number;
  /** `<iframe>` elements in the page after the last destroy. */
  iframes: number;
  /** `message` listeners on window after the cycles, minus those before them. */
  messageListeners: number;
  /** usedJSHeapSize right after the cycles minus before, both after forced GC, in bytes. */
  heapGrowth: number;
  /** The same, read again {@link SETTLE_MS} later. */
  heapGrowthSettled: number;
}

/** `+0.12 MB`, `−0.05 MB` (decimal megabytes). */
export const megabytes = (bytes: number) =>
  `${bytes >= 0 ? '+' : '−'}${Math.abs(bytes / 1_000_000).toFixed(2)} MB`;
