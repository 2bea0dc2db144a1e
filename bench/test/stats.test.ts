import { describe, expect, it } from 'vitest';
import { median, percentile } from '../src/stats.js';

describe('median', () => {
  it('takes the middle sample, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('leaves its input in order', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses no samples instead of answering NaN', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('percentile (nearest rank)', () => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1

  it('answers one of the samples', () => {
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile(samples, 0)).toBe(1);
  });

  it('gives the largest sample as p99 of a short list', () => {
    expect(percentile([10, 20, 30], 99)).toBe(30);
  });

  it('refuses a percentile outside 0–100', () => {
    expect(() => percentile(samples, 101)).toThrow(RangeError);
    expect(() => percentile(samples, Number.NaN)).toThrow(RangeError);
  });
});
