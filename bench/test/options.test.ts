import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/errors.js';
import { DEFAULTS, parseArgs, SECTIONS } from '../src/options.js';

describe('parseArgs', () => {
  it('runs everything and writes the README by default', () => {
    expect(parseArgs([])).toEqual({
      sections: [...SECTIONS],
      runs: DEFAULTS.runs,
      cycles: DEFAULTS.cycles,
      writeReadme: true,
    });
  });

  it('ignores the `--` that pnpm passes through', () => {
    expect(parseArgs(['--', '--only', 'size']).sections).toEqual(['size']);
  });

  it('never writes the README after a partial or shortened run', () => {
    expect(parseArgs(['--only', 'size,leaks'])).toMatchObject({
      sections: ['size', 'leaks'],
      writeReadme: false,
    });
    expect(parseArgs(['--cycles', '50']).writeReadme).toBe(false);
    expect(parseArgs(['--no-readme']).writeReadme).toBe(false);
  });

  it('refuses fewer than 15 timing runs, as the issue asks for at least 15', () => {
    expect(() => parseArgs(['--runs', '10'])).toThrow(/--runs needs an integer of at least 15/);
  });

  it('names unknown sections and arguments, with the usage', () => {
    expect(() => parseArgs(['--only', 'size,speed'])).toThrow(BenchError);
    expect(() => parseArgs(['--only', 'size,speed'])).toThrow(/got "size,speed"[\s\S]*usage:/);
    expect(() => parseArgs(['--fast'])).toThrow(/Unknown argument "--fast"/);
  });
});
