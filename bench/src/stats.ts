/** Small statistics over samples; every function leaves its input untouched. */

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new RangeError('no samples');
  return [...samples].sort((a, b) => a - b);
}

/** The p-th percentile (0–100), nearest rank: always one of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be 0–100, not ${p}`);
  const values = sorted(samples);
  const rank = Math.max(1, Math.ceil((p / 100) * values.length));
  return values[rank - 1] as number;
}

/** The median; the mean of the two middle samples when their count is even. */
export function median(samples: readonly number[]): number {
  const values = sorted(samples);
  const middle = values.length >> 1;
  return values.length % 2
    ? (values[middle] as number)
    : ((values[middle - 1] as number) + (values[middle] as number)) / 2;
}

export interface TimeSummary {
  median: number;
  p25: number;
  p75: number;
}

/** Median and quartiles (nearest rank) of timing samples. */
export function summarize(samples: readonly number[]): TimeSummary {
  return {
    median: median(samples),
    p25: percentile(samples, 25),
    p75: percentile(samples, 75),
  };
}
