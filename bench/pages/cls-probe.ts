/**
 * Installed in every demo page before the page's own scripts (Playwright's `addInitScript`, by
 * src/cls.ts): records layout shifts from navigation start, the hosted form's height reports, and
 * every change of the form's state and iframe height, and lets the runner wait for a form mount's
 * window to close (see cls-window.ts for the rules).
 *
 * Reads the demo pages through what the end-to-end tests drive them by: the state in
 * `[data-testid="state"]`, the iframe in `[data-testid="funding-form"]`; the box the page
 * reserves is `.demo-form`.
 */
import { describeNode, largestShift, type Shift, settledAt, windowScore } from './cls-window.js';

/** What one window measured; times in ms since navigation start. */
export interface ClsMeasure {
  /** When the window opened. */
  from: number;
  /** When it closed (the last movement plus the quiet period). */
  to: number;
  /** Sum of the shifts in the window (see windowScore). */
  score: number;
  /** The part of `score` that Chromium flagged `hadRecentInput` (CLS would leave it out). */
  inputScore: number;
  /** When the page showed `ready`. */
  readyAt: number;
  /** The height the hosted form reported last (autoHeight sets the iframe to it). */
  formHeight: number;
  /** The iframe's width: the hosted form's layout depends on it. */
  formWidth: number;
  /** The height of `.demo-form`, the box the demo reserves for the form (or the form's own). */
  boxHeight: number;
  /** The largest shift in the window and what it moved (`0.084 section.demo-panel 412→670`). */
  largest?: string | undefined;
}

export interface ClsProbe {
  /** Resolves with the window that opened at `from` once it has closed; rejects after `timeoutMs`. */
  settle(from: number, quietMs: number, timeoutMs: number): Promise<ClsMeasure>;
  /** Before a destination change: remembers the form now on show, and the time. */
  arm(): void;
  /**
   * After the change: waits until the remembered iframe has gone and two frames have been drawn
   * without it, opens the window there and settles it. `atChoice` is the score of the shifts
   * between `arm` and the window's start: the old form's box giving way to the new one's.
   */
  afterChoice(quietMs: number, timeoutMs: number): Promise<ClsMeasure & { atChoice: number }>;
}

declare global {
  interface Window {
    clsProbe?: ClsProbe;
  }
}

const STATE = '[data-testid="state"]';
const FORM = '[data-testid="funding-form"]';

/**
 * The form's iframe: in the light DOM for the framework bindings, in the shadow tree of
 * `<ingo-funding-form>` (which is the `data-testid` element itself) for the custom element.
 */
function formIframe(): HTMLIFrameElement | null {
  const form = document.querySelector(FORM);
  return form?.querySelector('iframe') ?? form?.shadowRoot?.querySelector('iframe') ?? null;
}

/** The box the demo reserves for the form (`.demo-form`: a binding's container, or the element). */
const formBox = () => document.querySelector('.demo-form');

interface LayoutShiftEntry extends PerformanceEntry {
  value: number;
  hadRecentInput: boolean;
  sources: readonly {
    node?: Node | null;
    previousRect: DOMRectReadOnly;
    currentRect: DOMRectReadOnly;
  }[];
}

/**
 * Which element moved most visibly in a shift, from where to where: of the entry's sources (up
 * to five; their rectangles are clipped to the viewport, empty when off screen), the one that
 * covers the most of the viewport before and after.
 */
function moved(entry: LayoutShiftEntry): string | undefined {
  const area = ({ width, height }: DOMRectReadOnly) => width * height;
  let source: LayoutShiftEntry['sources'][number] | undefined;
  for (const candidate of entry.sources) {
    if (!candidate.node) continue;
    const seen = area(candidate.previousRect) + area(candidate.currentRect);
    if (!source || seen > area(source.previousRect) + area(source.currentRect)) source = candidate;
  }
  if (!source?.node) return undefined;
  const { previousRect: before, currentRect: after } = source;
  const name = source.node instanceof Element ? describeNode(source.node) : source.node.nodeName;
  return `${name} ${Math.round(before.y)}→${Math.round(after.y)}`;
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

function install(): ClsProbe {
  const shifts: Shift[] = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as LayoutShiftEntry[]) {
      shifts.push({
        startTime: entry.startTime,
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        moved: moved(entry),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });

  // The sandbox's hosted page posts `{ type: 'resize', height }` to its parent; the SDK sets the
  // iframe's height from it (autoHeight). Registered first, so heard before the SDK acts on it.
  const resizes: number[] = [];
  let reportedHeight = 0;
  addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: unknown; height?: unknown } | null;
    if (
      data &&
      typeof data === 'object' &&
      data.type === 'resize' &&
      typeof data.height === 'number'
    ) {
      resizes.push(performance.now());
      reportedHeight = data.height;
    }
  });

  // Every frame: the form's state and its iframe (element and height).
  const changes: number[] = [];
  let readySince: number | undefined;
  let last = '';
  const watch = (now: number) => {
    const state = document.querySelector(STATE)?.textContent?.trim() ?? '';
    const iframe = formIframe();
    const seen = `${state} ${iframe ? iframe.getBoundingClientRect().height : 'none'}`;
    if (seen !== last) {
      last = seen;
      changes.push(now);
    }
    if (state !== 'ready') readySince = undefined;
    else readySince ??= now;
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);

  /** The destination change under way: when it was armed, and when its window opens. */
  let armed: { at: number; opened: Promise<number> } | undefined;

  const probe: ClsProbe = {
    settle(from, quietMs, timeoutMs) {
      return new Promise((resolve, reject) => {
        const deadline = performance.now() + timeoutMs;
        const check = () => {
          const now = performance.now();
          const readyAt = readySince === undefined ? undefined : Math.max(readySince, from);
          const to = settledAt({ shifts, resizes, changes, readyAt }, from, now, quietMs);
          if (to !== undefined && readyAt !== undefined) {
            const iframe = formIframe();
            const inWindow = shifts.filter(
              (shift) => shift.startTime >= from && shift.startTime <= to,
            );
            resolve({
              from,
              to,
              score: windowScore(inWindow, from, to),
              inputScore: windowScore(
                inWindow.filter((shift) => shift.hadRecentInput),
                from,
                to,
              ),
              readyAt,
              formHeight: reportedHeight,
              formWidth: iframe?.getBoundingClientRect().width ?? 0,
              boxHeight: formBox()?.getBoundingClientRect().height ?? 0,
              largest: largestShift(inWindow),
            });
          } else if (now > deadline) {
            reject(
              new Error(
                `the form did not settle within ${timeoutMs} ms (state "${last}", ` +
                  `${resizes.filter((time) => time >= from).length} height reports)`,
              ),
            );
          } else {
            setTimeout(check, 25);
          }
        };
        check();
      });
    },
    arm() {
      // Watched from here, frame by frame, not from afterChoice: the runner's round trips after
      // the click take longer than a prefetched form needs to appear.
      const iframe = formIframe();
      const at = performance.now();
      const opened = (async () => {
        // Frame F is the first whose rendering has the old iframe gone (it went in a task before
        // F's callbacks). The window opens two frames later, at the clock, not at the frame's
        // timestamp: Chromium stamps a shift when it paints the frame, which on a busy machine is
        // later than the next frame's scheduled start.
        while (iframe?.isConnected) {
          if (performance.now() - at > 15_000) throw new Error('the old form was never removed');
          await frame();
        }
        await frame();
        await frame();
        return performance.now();
      })();
      opened.catch(() => {});
      armed = { at, opened };
    },
    async afterChoice(quietMs, timeoutMs) {
      if (!armed) throw new Error('afterChoice() without arm()');
      const { at, opened } = armed;
      armed = undefined;
      const from = await opened;
      const measure = await probe.settle(from, quietMs, timeoutMs);
      return { ...measure, atChoice: windowScore(shifts, at, from - 0.001) };
    },
  };
  return probe;
}

// Init scripts run in every frame; only the demo page itself is measured.
if (window.top === window) window.clsProbe = install();
