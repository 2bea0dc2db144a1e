/** Nanoseconds per call, for the signing measurement (in this process and in a child). */
import { median } from './stats.js';

/** Median ns per call over `batches` batches of `perBatch` calls of an async function. */
export async function nsPerCall(
  op: () => Promise<unknown>,
  batches: number,
  perBatch: number,
): Promise<number> {
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) await op();
    samples.push(Number(process.hrtime.bigint() - started) / perBatch);
  }
  return median(samples);
}

/** The same for a synchronous function (no await, which would add a microtask per call). */
export function nsPerSyncCall(op: () => unknown, batches: number, perBatch: number): number {
  const samples: number[] = [];
  let sink: unknown;
  for (let b = 0; b < batches; b++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) sink = op();
    samples.push(Number(process.hrtime.bigint() - started) / perBatch);
  }
  if (sink === undefined) throw new Error('the operation returned nothing');
  return median(samples);
}
