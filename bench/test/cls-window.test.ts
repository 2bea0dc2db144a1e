import { describe, expect, it } from 'vitest';
import {
  describeNode,
  largestShift,
  type Observed,
  type Shift,
  settledAt,
  windowScore,
} from '../pages/cls-window.js';

const shift = (startTime: number, value: number, hadRecentInput = false): Shift => ({
  startTime,
  value,
  hadRecentInput,
});

describe('windowScore', () => {
  const shifts = [shift(90, 0.5), shift(100, 0.01), shift(250, 0.002, true), shift(400, 0.3)];

  it('adds the shifts from `from` to `to`, both ends included', () => {
    expect(windowScore(shifts, 100, 250)).toBeCloseTo(0.012);
    expect(windowScore(shifts, 100, 400)).toBeCloseTo(0.312);
  });

  it('counts the shifts Chromium flags as input-driven, which CLS would forgive', () => {
    expect(windowScore(shifts, 200, 300)).toBeCloseTo(0.002);
  });

  it('runs to the last shift without an end, and is 0 without shifts', () => {
    expect(windowScore(shifts, 0)).toBeCloseTo(0.812);
    expect(windowScore([], 0)).toBe(0);
  });
});

describe('settledAt', () => {
  const QUIET = 500;
  const observed = (overrides: Partial<Observed> = {}): Observed => ({
    shifts: [],
    resizes: [300],
    changes: [120, 200],
    readyAt: 200,
    ...overrides,
  });

  it('closes the window the quiet period after the last movement', () => {
    expect(settledAt(observed(), 100, 799, QUIET)).toBeUndefined();
    expect(settledAt(observed(), 100, 800, QUIET)).toBe(800);
    // A shift after the height report keeps it open.
    const late = observed({ shifts: [shift(650, 0.001)] });
    expect(settledAt(late, 100, 1_100, QUIET)).toBeUndefined();
    expect(settledAt(late, 100, 1_150, QUIET)).toBe(1_150);
  });

  it('waits for the form to be ready, however calm the page is', () => {
    expect(settledAt(observed({ readyAt: undefined }), 100, 5_000, QUIET)).toBeUndefined();
    // A `ready` from before the window is the previous form's.
    expect(settledAt(observed({ readyAt: 50 }), 100, 5_000, QUIET)).toBeUndefined();
  });

  it('waits for a height report from the hosted form after the window opened', () => {
    expect(settledAt(observed({ resizes: [] }), 100, 5_000, QUIET)).toBeUndefined();
    expect(settledAt(observed({ resizes: [90] }), 100, 5_000, QUIET)).toBeUndefined();
  });

  it('counts the quiet period from ready when ready comes last', () => {
    const readyLast = observed({ resizes: [150], changes: [150], readyAt: 400 });
    expect(settledAt(readyLast, 100, 899, QUIET)).toBeUndefined();
    expect(settledAt(readyLast, 100, 900, QUIET)).toBe(900);
  });

  it('ignores movements from before the window', () => {
    const before = observed({ shifts: [shift(50, 0.4)], changes: [10, 60, 200] });
    expect(settledAt(before, 100, 800, QUIET)).toBe(800);
  });
});

describe('largestShift', () => {
  it('describes the largest shift and what it moved', () => {
    const moved = { ...shift(300, 0.08), moved: 'section.demo-panel 412→670' };
    expect(largestShift([shift(100, 0.01), moved, shift(500, 0.02)])).toBe(
      '0.080 section.demo-panel 412→670',
    );
    expect(largestShift([shift(100, 0.01)])).toBe('0.010');
  });

  it('has nothing to say without a shift', () => {
    expect(largestShift([])).toBeUndefined();
    expect(largestShift([shift(100, 0)])).toBeUndefined();
  });
});

describe('describeNode', () => {
  it('names an element by tag, id and classes', () => {
    expect(describeNode({ nodeName: 'SECTION', id: '', classList: ['demo-panel'] })).toBe(
      'section.demo-panel',
    );
    expect(describeNode({ nodeName: 'H2', id: 'form-title', classList: [] })).toBe('h2#form-title');
    expect(describeNode({ nodeName: '#text' })).toBe('#text');
  });
});
