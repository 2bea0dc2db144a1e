// The size budgets, enforced on the built packages (turbo builds them first: `^build`).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BINDINGS,
  BUDGETS,
  type BudgetCheck,
  checkBudgets,
  type EntrySizes,
  measureEntries,
} from '../src/size.js';

let checks: BudgetCheck[];

beforeAll(async () => {
  checks = checkBudgets(await measureEntries());
}, 30_000);

function enforce(packageName: string) {
  const check = checks.find((c) => c.packageName === packageName);
  if (!check) throw new Error(`no size check for ${packageName}`);
  // The message names the package and the numbers; a bare boolean assertion would not.
  if (!check.ok) throw new Error(check.message);
}

describe('size budgets (min+gzip, esbuild, framework runtimes external)', () => {
  it(`@ingo-embed/core is at most ${BUDGETS.core} B`, () => enforce('@ingo-embed/core'));
  it(`@ingo-embed/core/instant adds at most ${BUDGETS.instant} B over core`, () =>
    enforce('@ingo-embed/core/instant'));
  for (const binding of BINDINGS) {
    it(`@ingo-embed/${binding} adds at most ${BUDGETS.overCore[binding]} B over core's two entries`, () =>
      enforce(`@ingo-embed/${binding}`));
  }
});

describe('checkBudgets', () => {
  const sizes = (
    core: number,
    [react, vue, svelte, element]: [number, number, number, number],
    instant = core,
  ): EntrySizes => ({
    core: { min: core * 2, gzip: core },
    instant: { min: instant * 2, gzip: instant },
    bindings: {
      react: { min: react * 2, gzip: react },
      vue: { min: vue * 2, gzip: vue },
      svelte: { min: svelte * 2, gzip: svelte },
      element: { min: element * 2, gzip: element },
    },
  });
  const { core: CORE, instant: INSTANT, overCore } = BUDGETS;
  const BOTH = CORE + INSTANT;

  it('accepts sizes exactly at the budgets', () => {
    const result = checkBudgets(
      sizes(
        CORE,
        BINDINGS.map((b) => BOTH + overCore[b]) as [number, number, number, number],
        BOTH,
      ),
    );
    expect(result.map((c) => c.ok)).toEqual([true, true, true, true, true, true]);
  });

  it('fails core one byte over, naming the package and the numbers', () => {
    const [core] = checkBudgets(sizes(2_501, [3_000, 3_000, 3_000, 3_000]));
    expect(core?.ok).toBe(CORE >= 2_501);
    const over = checkBudgets(sizes(CORE + 1, [0, 0, 0, 0]))[0];
    expect(over?.ok).toBe(false);
    expect(over?.message).toMatch(
      /^@ingo-embed\/core is [\d ]+ B min\+gzip: 1 B over its [\d ]+ B budget\. Make the package smaller; the budget is not to be raised to fit\.$/,
    );
  });

  it('measures each binding and the element against both core entries, with their own budgets', () => {
    const result = checkBudgets(sizes(2_000, [2_401, 2_540, 2_350, 2_601]));
    expect(result.map((c) => [c.packageName, c.measured, c.ok])).toEqual([
      ['@ingo-embed/core', 2_000, true],
      ['@ingo-embed/core/instant', 0, true],
      ['@ingo-embed/react', 401, false],
      ['@ingo-embed/vue', 540, true],
      ['@ingo-embed/svelte', 350, true],
      ['@ingo-embed/element', 601, false],
    ]);
    expect(result[2]?.message).toContain(
      "@ingo-embed/react is 401 B min+gzip over core (core + binding 2 401 B, core's two entries 2 000 B)",
    );
  });

  it('holds the instant entry to what it adds to core, and the bindings to what they add to both', () => {
    const result = checkBudgets(sizes(2_400, [3_500, 3_712, 3_400, 3_700], 3_151));
    expect(result.map((c) => [c.packageName, c.measured, c.ok])).toEqual([
      ['@ingo-embed/core', 2_400, true],
      ['@ingo-embed/core/instant', 751, false],
      ['@ingo-embed/react', 349, true],
      ['@ingo-embed/vue', 561, false],
      ['@ingo-embed/svelte', 249, true],
      ['@ingo-embed/element', 549, true],
    ]);
    expect(result[1]?.message).toBe(
      '@ingo-embed/core/instant is 751 B min+gzip over core (both entries 3 151 B, core 2 400 B): ' +
        '1 B over its 750 B budget. Make the package smaller; the budget is not to be raised to fit.',
    );
  });
});
