import { describe, expect, it } from 'vitest';
import {
  benchmarksSection,
  buildRows,
  type Machine,
  missedTargets,
  notes,
  renderTable,
  replaceSection,
} from '../src/report.js';
import { type LeakResult, SESSION_CASES, type TimeToFormResult } from '../src/results.js';
import type { PushThroughputResult, SigningResult, ThroughputResult } from '../src/server-bench.js';
import type { AppSizes, EntrySizes } from '../src/size.js';

const size = (gzip: number) => ({ min: gzip * 2, gzip });

const entries: EntrySizes = {
  core: size(2_900),
  instant: size(2_900),
  bindings: {
    react: size(3_300),
    vue: size(3_400),
    svelte: size(3_200),
    element: size(3_400),
  },
};
const apps: AppSizes = {
  core: size(2_650),
  react: size(3_100),
  vue: size(3_300),
  svelte: size(3_150),
  element: size(3_250),
  stripe: size(6_200),
  plaid: size(3_100),
};
const leak = (overrides: Partial<LeakResult> = {}): LeakResult => ({
  target: 'react',
  cycles: 500,
  iframes: 0,
  messageListeners: 0,
  heapGrowth: 120_000,
  heapGrowthSettled: 20_000,
  ...overrides,
});
const load = { requests: 2_000, concurrency: 16, warmup: 200 };
const throughput: ThroughputResult = { ...load, requestsPerSecond: 497.4, p50: 28.14, p99: 74.2 };
const pushThroughput: PushThroughputResult = {
  ...load,
  requestsPerSecond: 636.6,
  p50: 19.21,
  p99: 115.94,
  maxRequestsPerSecond: 1_000,
};
const signing: SigningResult = {
  signRequestNs: 5_600,
  webCryptoSignRequestNs: 109_300,
  bareHmacNs: 2_500,
  signingStringBytes: 245,
  bodyBytes: 300,
};
const machine: Machine = {
  date: '2025-11-25 12:00 UTC',
  node: 'v20.20.2',
  cpu: 'Test CPU',
  cores: 2,
  os: 'linux 6.1',
  chromium: '140.0',
  loadAverage: 0.5,
};

describe('buildRows', () => {
  it('marks core over budget and the bindings within theirs', () => {
    const rows = buildRows({ entries });
    expect(rows.map((row) => [row.ours, row.target, row.met])).toEqual([
      ['2 900 B', '≤ 2 840 B', false],
      ['0 B', '≤ 750 B', true],
      ['400 B', '≤ 400 B', true],
      ['500 B', '≤ 540 B', true],
      ['300 B', '≤ 400 B', true],
      ['500 B', '≤ 600 B', true],
    ]);
  });

  it('compares each minimal app with react-stripe-js and react-plaid-link', () => {
    const rows = buildRows({ apps });
    const react = rows.find((row) => row.what.includes('React vs react-stripe-js'));
    expect(react).toMatchObject({ ours: '3 100 B', theirs: '6 200 B', ratio: '0.50', met: true });
    const plaid = rows.find((row) => row.what.includes('React vs react-plaid-link'));
    expect(plaid).toMatchObject({ ratio: '1.00', target: '' });
    expect(plaid?.met).toBeUndefined();
  });

  it('holds the React app to "below react-stripe-js", so equal sizes miss the target', () => {
    const rows = buildRows({ apps: { ...apps, react: size(6_200) } });
    expect(rows.find((row) => row.what.includes('React vs react-stripe-js'))?.met).toBe(false);
  });

  /** A time result where every variant took `total` ms, with what the test overrides. */
  const timeResult = (overrides: Partial<TimeToFormResult> = {}): TimeToFormResult => {
    const same = (total: number) => [total, total, total].map(run);
    const sessions = Object.fromEntries(SESSION_CASES.map((name) => [name, [1, 1, 1]]));
    return {
      runs: 3,
      react: same(200),
      core: same(195),
      quickStart: same(300),
      quickStartWell: same(280),
      intent: same(130),
      floor: same(120),
      ssr: same(400),
      ssrWithout: same(480),
      sessions: sessions as TimeToFormResult['sessions'],
      ...overrides,
    };
  };
  const run = (total: number) => ({ total, session: 160, script: 110, request: 1 });

  it('takes medians for the time ratio and checks the React one against 0.7', () => {
    const time = timeResult({
      react: [200, 210, 400].map(run),
      core: [190, 230, 200].map(run),
      quickStart: [300, 290, 310].map(run),
    });
    const [react, core] = buildRows({ time });
    expect(react).toMatchObject({ ours: '210 ms (200 ms–400 ms)', ratio: '0.70', met: true });
    expect(react?.what).toContain('`<IngoFundingForm>` (React)');
    expect(react?.what).toContain('naive');
    // Core alone is shown for comparison, without a target of its own.
    expect(core).toMatchObject({ ours: '200 ms (190 ms–230 ms)', ratio: '0.67', target: '' });
    expect(core?.met).toBeUndefined();
    const [slower] = buildRows({ time: { ...time, react: [220, 220, 220].map(run) } });
    expect(slower?.met).toBe(false);
  });

  it('compares React with the quick start done well, without a target', () => {
    const row = buildRows({ time: timeResult() }).find(
      (r) => r.what.includes('(React) vs') && r.what.includes('done well'),
    );
    expect(row).toMatchObject({ ratio: '0.71', target: '' });
    expect(row?.met).toBeUndefined();
  });

  it('holds intent → form to 0.50 of the quick start done well and 1.15 of the floor', () => {
    const rows = (time: TimeToFormResult) =>
      buildRows({ time }).filter((r) => r.what.startsWith('Intent → form'));
    const [vsWell, vsFloor] = rows(timeResult());
    expect(vsWell).toMatchObject({ ratio: '0.46', target: '≤ 0.50', met: true });
    expect(vsWell?.what).toContain('200 ms before the mount call');
    expect(vsFloor).toMatchObject({ ratio: '1.08', target: '≤ 1.15', met: true });
    const slow = rows(timeResult({ intent: [140, 140, 140].map(run) }));
    expect(slow.map((r) => [r.ratio, r.met])).toEqual([
      ['0.50', true],
      ['1.17', false],
    ]);
    const slower = rows(timeResult({ intent: [141, 141, 141].map(run) }));
    expect(slower[0]).toMatchObject({ ratio: '0.50', met: false });
  });

  it('shows the server-rendered page against the same page without its session', () => {
    const row = buildRows({ time: timeResult() }).find((r) =>
      r.what.startsWith('Navigation start'),
    );
    expect(row).toMatchObject({ ours: '400 ms (400 ms–400 ms)', ratio: '0.83', target: '' });
  });

  it("holds the React binding's own overhead (mount call → core's session request) under 10 ms", () => {
    const overhead = (time: TimeToFormResult) =>
      buildRows({ time }).find((r) => r.what.startsWith("React binding's own overhead"));
    const at = (request: number) => [200, 200, 200].map((total) => ({ ...run(total), request }));
    expect(overhead(timeResult({ react: at(7), core: at(0.4) }))).toMatchObject({
      ours: '7 ms (0 ms)',
      target: '< 10 ms',
      met: true,
    });
    expect(overhead(timeResult({ react: at(10.5), core: at(0.5) }))).toMatchObject({
      ours: '10 ms (0 ms)',
      met: false,
    });
    // Judged on the binding's own part; the end-to-end difference is shown beside it.
    const slowerAfter = timeResult({
      react: at(3).map((t) => ({ ...t, total: 230 })),
      core: at(1),
    });
    expect(overhead(slowerAfter)).toMatchObject({ ours: '2 ms (30 ms)', met: true });
  });

  it('wants exactly one session per form in every run of every case', () => {
    const sessionRows = (time: TimeToFormResult) =>
      buildRows({ time }).filter((r) => r.area === 'Sessions');
    const [prefetch, others] = sessionRows(timeResult());
    expect(prefetch).toMatchObject({
      ours: 'prefetch used 1, prefetch unused 1, prefetch expired 1, double hover 1',
      target: '1 each',
      met: true,
    });
    expect(others?.ours).toBe(
      'React 1, quick start naive 1, quick start done well 1, core 1, floor 1, ' +
        'server-rendered session 1, same page without it 1',
    );
    expect(others?.met).toBe(true);
    const base = timeResult();
    const twice = sessionRows({ ...base, sessions: { ...base.sessions, double: [1, 2, 1] } });
    expect(twice[0]).toMatchObject({
      ours: 'prefetch used 1, prefetch unused 1, prefetch expired 1, double hover 1–2',
      met: false,
    });
    const none = sessionRows({ ...base, sessions: { ...base.sessions, ssr: [0, 0, 0] } });
    expect(none[1]?.met).toBe(false);
  });

  it('says when each part arrived, leaving out runs that lack one', () => {
    const time = timeResult({
      react: [
        { total: 200, session: 160, script: 110, request: 4 },
        { total: 220, session: 170, script: Number.NaN, request: 6 },
      ],
      core: [{ total: 190, session: 150, script: Number.NaN, request: 0 }],
      ssr: [{ total: 400, session: Number.NaN, script: 300, request: Number.NaN }],
    });
    const [line, react] = notes({ time });
    expect(react).toBe(
      "React binding: its session request started 5 ms after the mount call, core's 0 ms after it (medians).",
    );
    expect(line).toContain(
      'React: session answer 165 ms, SDK script 110 ms, first page load 210 ms; ' +
        'core alone: session answer 150 ms, SDK script none, first page load 190 ms; ' +
        'quick start naive: session answer 160 ms, SDK script 110 ms, first page load 300 ms;',
    );
    expect(line).toContain(
      'server-rendered session: session answer none, SDK script 300 ms, first page load 400 ms;',
    );
  });

  it('fails a leak row on any iframe, listener, or 1 MB of heap', () => {
    const met = (result: LeakResult) => buildRows({ leaks: [result] })[0]?.met;
    expect(met(leak())).toBe(true);
    expect(met(leak({ iframes: 1 }))).toBe(false);
    expect(met(leak({ messageListeners: 1 }))).toBe(false);
    expect(met(leak({ heapGrowth: 1_000_000 }))).toBe(false);
    expect(buildRows({ leaks: [leak({ heapGrowth: -50_000 })] })[0]?.ours).toBe(
      '0, 0, −0.05 MB (+0.02 MB)',
    );
  });

  it('judges heap growth at the end, not after the timers ran out', () => {
    const [row] = buildRows({ leaks: [leak({ heapGrowth: 1_200_000, heapGrowthSettled: 0 })] });
    expect(row).toMatchObject({ ours: '0, 0, +1.20 MB (+0.00 MB)', met: false });
  });
  it('puts the push row after the session endpoint and before signing', () => {
    const rows = buildRows({ throughput, pushThroughput, signing });
    expect(rows.map((row) => row.area)).toEqual(['Server', 'Server', 'Server', 'Server', 'Server']);
    expect(rows[2]).toEqual({
      area: 'Server',
      what:
        'IngoPay `pushFunds` through the client → sandbox, 2 000 pushes, 16 concurrent, ' +
        "throttle raised to 1 000/s per client (Ingo's limit: 5/s): throughput, latency p50 / p99",
      ours: '637 req/s, 19.2 / 115.9 ms',
      theirs: '',
      ratio: '',
      target: '',
    });
    expect(rows[3]?.what).toContain('Signing per request');
    expect(missedTargets(rows)).toEqual([]);
  });

  it('judges the node:crypto build against 3× a bare HMAC and shows Web Crypto without a target', () => {
    const [node, web] = buildRows({ signing });
    expect(node).toEqual({
      area: 'Server',
      what:
        "Signing per request, `node` build (node:crypto): `signRequest` vs bare `createHmac('sha512')` " +
        'of the same 245-byte signing string',
      ours: '5.6 µs',
      theirs: '2.5 µs',
      ratio: '2.24',
      target: '≤ 3.00',
      met: true,
    });
    expect(web).toEqual({
      area: 'Server',
      what:
        'Signing per request, default build (Web Crypto: Workers, Deno Deploy, edge) run on Node: ' +
        "`signRequest` vs bare `createHmac('sha512')` of the same 245-byte signing string",
      ours: '109.3 µs',
      theirs: '2.5 µs',
      ratio: '43.72',
      target: '',
    });
    const slow = buildRows({ signing: { ...signing, signRequestNs: 7_600 } });
    expect(missedTargets(slow)).toEqual([
      "Signing per request, `node` build (node:crypto): `signRequest` vs bare `createHmac('sha512')` " +
        'of the same 245-byte signing string: 7.6 µs (ratio 3.04), target ≤ 3.00',
    ]);
  });

  it('leaves the push row and its note out when the run has none', () => {
    const rows = buildRows({ throughput, signing });
    expect(rows.some((row) => row.what.includes('pushFunds'))).toBe(false);
    expect(notes({ throughput, signing })).toEqual([]);
  });

  it("says under the table that Ingo's limit is 5/s and what the push row measures", () => {
    expect(notes({ pushThroughput })).toEqual([
      "IngoPay pushes: Ingo documents a limit of 5 requests/s, and the client's default throttle " +
        '(`ingoPay.maxRequestsPerSecond`: 5) keeps to it, so a real integration pushes at most ' +
        '5/s. The bench raises the throttle to 1 000/s and gives each of the 16 workers a client ' +
        "of its own, so that it never binds: the row measures the client's own cost (validation, " +
        "signing, the request, reading the answer) and the emulator's, not Ingo's.",
    ]);
  });
});

describe('renderTable', () => {
  it('renders a Markdown table with one line per row and dashes for empty cells', () => {
    const table = renderTable(buildRows({ entries }));
    const lines = table.split('\n');
    expect(lines).toHaveLength(2 + 6);
    expect(lines[0]).toMatch(
      /^\| Area +\| Measurement +\| Ours +\| Theirs +\| Ratio +\| Target +\| Met +\|$/,
    );
    expect(lines[2]).toContain('| **no**');
    // Every line has the same width, so the table also lines up in a terminal.
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('renders the push row with dashes for its empty cells, lined up with the others', () => {
    const lines = renderTable(buildRows({ throughput, pushThroughput, signing })).split('\n');
    expect(lines).toHaveLength(2 + 5);
    const push = lines[4]?.split('|').map((cell) => cell.trim());
    expect(push).toEqual([
      '',
      'Server',
      'IngoPay `pushFunds` through the client → sandbox, 2 000 pushes, 16 concurrent, ' +
        "throttle raised to 1 000/s per client (Ingo's limit: 5/s): throughput, latency p50 / p99",
      '637 req/s, 19.2 / 115.9 ms',
      '—',
      '—',
      '—',
      '—',
      '',
    ]);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('renders both signing rows: the node:crypto one with its target met, Web Crypto without', () => {
    const lines = renderTable(buildRows({ signing })).split('\n');
    expect(lines).toHaveLength(2 + 2);
    const cells = (line: string | undefined) =>
      line
        ?.split('|')
        .slice(2, -1)
        .map((cell) => cell.trim());
    expect(cells(lines[2])?.slice(1)).toEqual(['5.6 µs', '2.5 µs', '2.24', '≤ 3.00', 'yes']);
    expect(cells(lines[3])?.[0]).toContain('default build (Web Crypto');
    expect(cells(lines[3])?.slice(1)).toEqual(['109.3 µs', '2.5 µs', '43.72', '—', '—']);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });
});

describe('replaceSection', () => {
  const readme = '# Bench\n\nIntro.\n\n## Benchmarks\n\nold table\n\n## Method\n\nHow.\n';

  it('replaces only the Benchmarks section', () => {
    expect(replaceSection(readme, 'Benchmarks', 'new table')).toBe(
      '# Bench\n\nIntro.\n\n## Benchmarks\n\nnew table\n\n## Method\n\nHow.\n',
    );
  });

  it('replaces a last section up to the end', () => {
    const last = '# Bench\n\n## Benchmarks\n\nold\nlines\n';
    expect(replaceSection(last, 'Benchmarks', 'new')).toBe('# Bench\n\n## Benchmarks\n\nnew\n');
  });

  it('appends the section when there is none', () => {
    expect(replaceSection('# Bench\n', 'Benchmarks', 'table')).toBe(
      '# Bench\n\n## Benchmarks\n\ntable\n',
    );
  });

  it('gives the same document when run twice', () => {
    const once = replaceSection(readme, 'Benchmarks', 'table');
    expect(replaceSection(once, 'Benchmarks', 'table')).toBe(once);
  });

  it('does not take a deeper heading for the section', () => {
    const nested = '## Benchmarks\n\nold\n\n### Benchmarks detail\n\n## Next\n';
    expect(replaceSection(nested, 'Benchmarks', 'new')).toBe('## Benchmarks\n\nnew\n\n## Next\n');
  });
});

describe('benchmarksSection', () => {
  it('says when and where it ran and lists the targets missed', () => {
    const section = benchmarksSection(machine, buildRows({ entries }));
    expect(section).toContain(
      '2025-11-25 12:00 UTC on Test CPU (2 cores), linux 6.1, Node v20.20.2, Chromium 140.0; ' +
        'load average 0.50 at the start.',
    );
    expect(section).toContain('Targets missed:');
    expect(missedTargets(buildRows({ entries }))).toEqual([
      '`@ingo-embed/core`, whole entry: 2 900 B, target ≤ 2 840 B',
    ]);
  });
});
