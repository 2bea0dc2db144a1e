import { describe, expect, it } from 'vitest';
import { buildRows, clsNotes, fmtScore, missedTargets, notes } from '../src/report.js';
import {
  type ClsDemoResult,
  type ClsResult,
  type ClsWindowResult,
  SESSION_CASES,
  type TimeToFormResult,
  type Timing,
} from '../src/results.js';

const mount = (score: number, overrides: Partial<ClsWindowResult> = {}): ClsWindowResult => ({
  viewport: 'phone',
  destination: 'credit',
  trigger: 'choice',
  from: 1_000,
  to: 1_700,
  score,
  inputScore: 0,
  readyAt: 1_100,
  formHeight: 578,
  formWidth: 316,
  boxHeight: 578,
  atChoice: 0,
  ...overrides,
});

const demo = (name: string, windows: ClsWindowResult[], more: Partial<ClsDemoResult> = {}) => ({
  name,
  app: `${name.toLowerCase()}-demo`,
  windows,
  ...more,
});

const cls = (demos: ClsDemoResult[]): ClsResult => ({ runs: 3, quietMs: 500, demos });

describe('layout-shift rows', () => {
  it('gives each demo its max and median, judged on the max against 0.01', () => {
    const rows = buildRows({
      cls: cls([
        demo('Next', [mount(0), mount(0.004), mount(0.01)]),
        demo('Nuxt', [mount(0), mount(0), mount(0.0101), mount(0)]),
      ]),
    });
    expect(rows.map((row) => [row.area, row.ours, row.target, row.met])).toEqual([
      ['CLS', '0.010, 0.004', '≤ 0.01', true],
      ['CLS', '0.010, 0.000', '≤ 0.01', false],
    ]);
    expect(rows[0]?.what).toContain('Next demo');
    expect(rows[0]?.what).toContain('390×844 and 1280×800, 3 mounts in 3 runs: max, median');
    expect(rows[0]?.what).toContain('500 ms without movement');
  });

  it('shows a demo it could not measure without judging it, and a failed one as missed', () => {
    const rows = buildRows({
      cls: cls([
        demo('Element', [], { skipped: 'there is no apps/element-demo' }),
        demo('Svelte', [], { failed: 'the form did not settle within 15000 ms' }),
        demo('Vue', [mount(0.001)], { failed: 'the old form was never removed' }),
      ]),
    });
    expect(rows[0]).toMatchObject({ ours: 'not measured: there is no apps/element-demo' });
    expect(rows[0]?.met).toBeUndefined();
    expect(rows[1]).toMatchObject({
      ours: 'failed: the form did not settle within 15000 ms',
      met: false,
    });
    expect(rows[2]).toMatchObject({
      ours: '0.001, 0.001 (then failed: the old form was never removed)',
      met: false,
    });
    expect(missedTargets(rows)).toHaveLength(2);
  });

  it('formats scores with three decimals', () => {
    expect(fmtScore(0.00049)).toBe('0.000');
    expect(fmtScore(0.0125)).toBe('0.013');
  });
});

describe('layout-shift notes', () => {
  const windows = [
    mount(0.002, { viewport: 'phone', trigger: 'load', destination: 'debit', atChoice: undefined }),
    mount(0.004, { viewport: 'phone', destination: 'ach', formHeight: 517, boxHeight: 517 }),
    mount(0.005, {
      viewport: 'phone',
      destination: 'paypal',
      formHeight: 337,
      boxHeight: 337,
      largest: '0.005 section.demo-panel 400→420',
    }),
    mount(0, {
      viewport: 'phone',
      destination: 'ach',
      formHeight: 517,
      boxHeight: 517,
      atChoice: 0.03,
    }),
    mount(0, {
      viewport: 'desktop',
      destination: 'ach',
      formHeight: 475,
      boxHeight: 475,
      formWidth: 474,
    }),
  ];

  it('gives the cases per demo, the form heights and what the window leaves out', () => {
    const [cases, worst, heights, leftOut] = clsNotes(
      cls([demo('Next', windows), demo('Element', [], { skipped: 'no build' })]),
    );
    expect(cases).toBe(
      'Layout shift per demo and case, median (max) of the mounts: Next: 390×844 page load ' +
        '0.002 (0.002), 390×844 destination chosen 0.004 (0.005), 1280×800 page load —, ' +
        '1280×800 destination chosen 0.000 (0.000).',
    );
    expect(worst).toBe(
      'The worst mount per demo, and what moved most in it (element, top before→after in px): ' +
        'Next 0.005 (390×844, paypal chosen; largest shift 0.005 section.demo-panel 400→420).',
    );
    expect(heights).toContain('390×844 / 1280×800 (the iframe 316 px / 474 px wide)');
    expect(heights).toContain(
      'debit 578 in 578 / —, ach 517 in 517 / 475 in 475, paypal 337 in 337 / —.',
    );
    expect(leftOut).toContain('Next 0.030.');
  });

  it('says nothing when no demo was measured', () => {
    expect(clsNotes(cls([demo('Next', [], { skipped: 'no build' })]))).toEqual([]);
    expect(notes({ cls: cls([]) })).toEqual([]);
  });
});

describe("React's first commit", () => {
  const run = (request: number, scriptRequest: number, total = 200): Timing => ({
    total,
    session: 160,
    script: 110,
    request,
    scriptRequest,
  });
  const time = (overrides: Partial<TimeToFormResult> = {}): TimeToFormResult => {
    const same = (total: number) => [total, total, total].map((t) => run(2, 2, t));
    return {
      runs: 3,
      react: [run(6, 7), run(5, 6), run(8, 9)],
      core: [run(1, 2), run(2, 2), run(1, 1)],
      quickStart: same(300),
      quickStartWell: same(280),
      intent: same(130),
      floor: same(120),
      ssr: same(400),
      ssrWithout: same(480),
      sessions: Object.fromEntries(
        SESSION_CASES.map((name) => [name, [1, 1, 1]]),
      ) as TimeToFormResult['sessions'],
      ...overrides,
    };
  };
  const firstCommit = (result: TimeToFormResult) =>
    buildRows({ time: result }).filter(
      (row) => row.what.startsWith("React's first commit") || row.what.startsWith('The session'),
    );

  it('shows when the session and the script requests went out, React against core', () => {
    const [row, prefetch] = firstCommit(time());
    expect(row).toMatchObject({ ours: '6 ms / 7 ms', theirs: '1 ms / 2 ms', target: '' });
    expect(row?.met).toBeUndefined();
    expect(prefetch).toBeUndefined();
  });

  it('compares the session started in render with React alone, when it was measured', () => {
    const rendered = (timing: Timing, at: number) => ({ ...timing, rendered: at });
    const [, prefetch] = firstCommit(
      time({
        reactPrefetch: [
          rendered(run(1, 1, 190), 0.6),
          rendered(run(2, 1, 194), 0.8),
          rendered(run(1, 2, 188), Number.NaN),
        ],
      }),
    );
    expect(prefetch).toMatchObject({
      ours: '1 ms / 1 ms / 190 ms',
      theirs: '— / 6 ms / 200 ms',
      ratio: '0.95',
      target: '',
    });
  });

  it('leaves the rows before it where they were', () => {
    const rows = buildRows({ time: time({ reactPrefetch: [run(1, 1)] }) });
    const overhead = rows.findIndex((row) => row.what.startsWith("React binding's own overhead"));
    expect(rows[overhead + 1]?.what).toMatch(/^React's first commit/);
    expect(rows[overhead + 2]?.what).toMatch(/^The session started during React's first render/);
    expect(rows[overhead + 3]?.area).toBe('Sessions');
  });

  it('counts the sessions of the prefetching form in a note of its own, after the others', () => {
    const lines = notes({
      time: time({ reactPrefetch: [run(1, 1)], reactPrefetchSessions: [1, 1, 1] }),
    });
    expect(lines[1]).toMatch(/^React binding: its session request started/);
    expect(lines[2]).toContain('sessions per form: 1 (one, in every run).');
    const twice = notes({
      time: time({ reactPrefetch: [run(1, 1)], reactPrefetchSessions: [1, 2] }),
    });
    expect(twice[2]).toContain('sessions per form: 1 or 2.');
  });
});
