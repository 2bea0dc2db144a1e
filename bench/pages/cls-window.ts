/**
 * The layout-shift window of one form mount, as pure functions over what the probe
 * (pages/cls-probe.ts) records in a demo page, so that the rules can be tested without a browser.
 *
 * The window opens when the form starts mounting (navigation start for the form the page mounts
 * on load; for a destination change, the first frame after the old form has gone) and closes once
 * the form is `ready`, the hosted form has reported its height at least once (the SDK's
 * `autoHeight` resize), and nothing has moved for a quiet period since: no layout shift, no
 * further resize, no change of the iframe's height or of the form's state.
 */

/** One `layout-shift` performance entry, as much of it as the bench needs. */
export interface Shift {
  /** performance.now() time of the frame that shifted. */
  startTime: number;
  /** The entry's score (impact fraction × distance fraction). */
  value: number;
  /** Within 500 ms of a user input: Chromium's CLS leaves such shifts out. */
  hadRecentInput: boolean;
  /** What moved, e.g. `section.demo-panel 120→378` (the entry's first source with a node). */
  moved?: string;
}

/** What the probe has seen so far, every time in performance.now() milliseconds. */
export interface Observed {
  shifts: readonly Shift[];
  /** When the hosted form reported its height (the SDK then sets the iframe's height). */
  resizes: readonly number[];
  /** When the form's state or its iframe's height last changed, in order. */
  changes: readonly number[];
  /** When the page first showed the state `ready` (after `from`), if it has. */
  readyAt?: number | undefined;
}

/**
 * The score of a window: the sum of every shift from `from` to `to`, those flagged
 * `hadRecentInput` included (stricter than CLS, which also groups shifts into session windows of at
 * most 5 s and keeps the largest: a window this short is one session, so the sum is its score
 * plus what CLS would forgive after an input).
 */
export function windowScore(shifts: readonly Shift[], from: number, to = Infinity): number {
  let score = 0;
  for (const shift of shifts) {
    if (shift.startTime >= from && shift.startTime <= to) score += shift.value;
  }
  return score;
}

/** `section.demo-panel`: an element as a selector-like name, for the notes. */
export function describeNode(node: {
  nodeName: string;
  id?: string;
  classList?: Iterable<string>;
}) {
  const id = node.id ? `#${node.id}` : '';
  const classes = [...(node.classList ?? [])].map((name) => `.${name}`).join('');
  return `${node.nodeName.toLowerCase()}${id}${classes}`;
}

/** The largest shift of a window, described: what moved, and by how much; undefined if none. */
export function largestShift(shifts: readonly Shift[]): string | undefined {
  let largest: Shift | undefined;
  for (const shift of shifts) if (!largest || shift.value > largest.value) largest = shift;
  return largest && largest.value > 0
    ? `${largest.value.toFixed(3)}${largest.moved ? ` ${largest.moved}` : ''}`
    : undefined;
}

/** The last moment in `times` at or after `from`, or undefined. */
function lastSince(times: Iterable<number>, from: number): number | undefined {
  let last: number | undefined;
  for (const time of times) if (time >= from && (last === undefined || time > last)) last = time;
  return last;
}

/**
 * When the window that opened at `from` closed, or undefined while it is still open at `now`: the
 * form is ready, it has resized since `from`, and the last movement (shift, resize, change) is at
 * least `quietMs` old. The window closes `quietMs` after that last movement.
 */
export function settledAt(
  observed: Observed,
  from: number,
  now: number,
  quietMs: number,
): number | undefined {
  const { readyAt } = observed;
  if (readyAt === undefined || readyAt < from) return undefined;
  if (lastSince(observed.resizes, from) === undefined) return undefined;
  const last = Math.max(
    readyAt,
    lastSince(
      [
        ...observed.shifts.map((shift) => shift.startTime),
        ...observed.resizes,
        ...observed.changes,
      ],
      from,
    ) ?? from,
  );
  return now - last >= quietMs ? last + quietMs : undefined;
}
