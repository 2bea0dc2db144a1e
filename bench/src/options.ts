/** The CLI's options (kept apart from cli.ts, which runs on import). */
import { BenchError } from './errors.js';

export const SECTIONS = ['size', 'time', 'server', 'leaks', 'cls'] as const;
export type Section = (typeof SECTIONS)[number];

export interface CliOptions {
  sections: Section[];
  /** Runs of each variant in the time benchmark. */
  runs: number;
  /** Mount/destroy cycles per binding in the leak benchmark. */
  cycles: number;
  /** Rewrite bench/README.md (only after a run of every section). */
  writeReadme: boolean;
}

export const DEFAULTS = { runs: 20, cycles: 500 } as const;
/** The issue asks for at least 15 runs per variant. */
export const MIN_RUNS = 15;

export const USAGE = `usage: pnpm bench [-- options]
  --only <list>   comma-separated sections to run: ${SECTIONS.join(', ')} (default: all)
  --runs <n>      runs per variant in "time" (default ${DEFAULTS.runs}, at least ${MIN_RUNS})
  --cycles <n>    mount/destroy cycles per binding in "leaks" (default ${DEFAULTS.cycles})
  --no-readme     do not rewrite bench/README.md
The README is rewritten only after a run of every section with the default counts.`;

/** Parses the CLI's arguments; throws BenchError with the usage on anything it does not know. */
export function parseArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = {
    sections: [...SECTIONS],
    runs: DEFAULTS.runs,
    cycles: DEFAULTS.cycles,
    writeReadme: true,
  };
  const integer = (flag: string, value: string | undefined, min: number) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min) {
      throw new BenchError(
        `${flag} needs an integer of at least ${min}, not "${value ?? ''}".\n${USAGE}`,
      );
    }
    return number;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') continue;
    if (arg === '--only') {
      const list = (args[++i] ?? '').split(',').filter(Boolean);
      const unknown = list.filter((name) => !(SECTIONS as readonly string[]).includes(name));
      if (list.length === 0 || unknown.length > 0) {
        throw new BenchError(
          `--only takes sections from ${SECTIONS.join(', ')}; got "${args[i] ?? ''}".\n${USAGE}`,
        );
      }
      options.sections = SECTIONS.filter((name) => list.includes(name));
    } else if (arg === '--runs') {
      options.runs = integer('--runs', args[++i], MIN_RUNS);
    } else if (arg === '--cycles') {
      options.cycles = integer('--cycles', args[++i], 1);
    } else if (arg === '--no-readme') {
      options.writeReadme = false;
    } else {
      throw new BenchError(`Unknown argument "${arg}".\n${USAGE}`);
    }
  }
  const full =
    options.sections.length === SECTIONS.length &&
    options.runs === DEFAULTS.runs &&
    options.cycles === DEFAULTS.cycles;
  if (!full) options.writeReadme = false;
  return options;
}
