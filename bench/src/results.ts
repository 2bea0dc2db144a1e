/**
 * What the Chromium benchmarks produce, kept apart from their runners (which need a browser and
 * the sandbox) so that the report and its tests can use them alone.
 */
import type { ClsMeasure } from '../pages/cls-probe.js';
import type { Timing } from '../pages/page-kit.js';

export type { Timing };

/** The variants timed in every run, in the order they alternate. */
export const TIMED_VARIANTS = [
  'react',
  'quickStart',
  'quickStartWell',
  'core',
  'intent',
  'floor',
  'ssr',
  'ssrWithout',
] as const;
export type TimedVariant = (typeof TIMED_VARIANTS)[number];

/** Every case whose sessions the sandbox counts: the timed variants and three prefetch cases. */
export const SESSION_CASES = [...TIMED_VARIANTS, 'unused', 'double', 'expired'] as const;
export type SessionCase = (typeof SESSION_CASES)[number];

export interface TimeToFormResult extends Record<TimedVariant, Timing[]> {
  runs: number;
  /** `<IngoFundingForm>` from @ingo-embed/react: the comparison the issue asks for. */
  react: Timing[];
  /** `mountFundingForm` alone: how much of React's time is the framework's. */
  core: Timing[];
  /** Ingo's quick start by hand, naively: the session, then the script, then create and mount. */
  quickStart: Timing[];
  /** Ingo's quick start done well: the SDK script in the page's HTML, loaded before the click. */
  quickStartWell: Timing[];
  /** prefetchFundingForm 200 ms before the mount (a hover), then mountFundingForm. */
  intent: Timing[];
  /** The iframe's own load: core mounting an authorized URL with the script already loaded. */
  floor: Timing[];
  /** From navigation start: a server-rendered page whose form gets the server's session. */
  ssr: Timing[];
  /** From navigation start: the same page without a server-rendered session. */
  ssrWithout: Timing[];
  /**
   * `<IngoFundingForm>` in a component that calls `prefetchFundingForm` while React renders it
   * (the session and the script start before React commits): what starting the session during
   * render would gain over `react`. Timed in the same rounds, after the other variants; kept out
   * of {@link TIMED_VARIANTS} so that the rows and notes built on those stay as they are.
   */
  reactPrefetch?: Timing[];
  /** Sessions the sandbox created per run of `reactPrefetch`. */
  reactPrefetchSessions?: number[];
  /**
   * Sessions the sandbox created per run of each case (one form each, or one hovered form
   * nobody opens for `unused`): the issue wants exactly one everywhere.
   */
  sessions: Record<SessionCase, number[]>;
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

/** The viewports every demo is measured in: a phone (one column) and a desktop (three). */
export const CLS_VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;
export type ClsViewport = keyof typeof CLS_VIEWPORTS;

/** The destinations in the order they are chosen after the page load (which shows `debit`). */
export const CLS_CHOICES = ['credit', 'ach', 'billpay', 'paypal', 'debit'] as const;
export type ClsDestination = (typeof CLS_CHOICES)[number];

/** One form mount in one demo: from page load or from choosing a destination, to settled. */
export interface ClsWindowResult extends ClsMeasure {
  viewport: ClsViewport;
  destination: ClsDestination;
  /** `load`: the form the page mounts at navigation (debit); `choice`: a destination chosen. */
  trigger: 'load' | 'choice';
  /** For a choice: the shifts between the click and the window's start, which it leaves out. */
  atChoice?: number;
}

export interface ClsDemoResult {
  name: string;
  app: string;
  windows: ClsWindowResult[];
  /** Why the demo was not measured (no app, no build, not started). */
  skipped?: string;
  /** What went wrong while measuring it (its windows so far are kept). */
  failed?: string;
}

export interface ClsResult {
  /** Runs per viewport and demo (each a fresh context: load, then every destination). */
  runs: number;
  /** How long nothing may move before a window closes. */
  quietMs: number;
  demos: ClsDemoResult[];
}
