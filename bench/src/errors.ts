/**
 * A problem the person running the benchmarks can fix (no browser, packages not built, a bad
 * flag). The CLI prints its message alone, without a stack trace.
 */
export class BenchError extends Error {
  override name = 'BenchError';
}
