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
import type { LeakResult } from '../src/results.js';
import type { PushThroughputResult, SigningResult, ThroughputResult } from '../src/server-bench.js';
import type { AppSizes, EntrySizes } from '../src/size.js';

const size = (gzip: number) => ({ min: gzip * 2, gzip });

const entries: EntrySizes = {
  core: size(2_600),
  bindings: { react: size(3_000), vue: size(3_200), svelte: size(3_100) },
};
const apps: AppSizes = {
  core: size(2_650),
  react: size(3_100),
  vue: size(3_300),
  svelte: size(3_150),
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
      ['2 600 B', '≤ 2 500 B', false],
      ['400 B', '≤ 1 000 B', true],
      ['600 B', '≤ 1 000 B', true],
      ['500 B', '≤ 1 500 B', true],
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

  it('takes medians for the time ratio and checks the React one against 0.7', () => {
    const run = (total: number) => ({ total, session: 160, script: 110 });
    const time = {
      runs: 3,
      react: [200, 210, 400].map(run),
      core: [190, 230, 200].map(run),
      quickStart: [300, 290, 310].map(run),
    };
    const [react, core] = buildRows({ time });
    expect(react).toMatchObject({ ours: '210 ms (200 ms–400 ms)', ratio: '0.70', met: true });
    expect(react?.what).toContain('`<IngoFundingForm>` (React)');
    // Core alone is shown for comparison, without a target of its own.
    expect(core).toMatchObject({ ours: '200 ms (190 ms–230 ms)', ratio: '0.67', target: '' });
    expect(core?.met).toBeUndefined();
    const [slower] = buildRows({ time: { ...time, react: [220, 220, 220].map(run) } });
    expect(slower?.met).toBe(false);
  });

  it('says when each part arrived, leaving out runs that lack one', () => {
    const time = {
      runs: 2,
      react: [
        { total: 200, session: 160, script: 110 },
        { total: 220, session: 170, script: Number.NaN },
      ],
      core: [{ total: 190, session: 150, script: Number.NaN }],
      quickStart: [
        { total: 300, session: 160, script: 270 },
        { total: 320, session: 180, script: 290 },
      ],
    };
    expect(notes({ time })).toEqual([
      'Time, medians from the mount call of when each part had arrived: ' +
        'React: session answer 165 ms, SDK script 110 ms, first page load 210 ms; ' +
        'core alone: session answer 150 ms, SDK script unknown, first page load 190 ms; ' +
        'quick start: session answer 170 ms, SDK script 280 ms, first page load 310 ms.',
    ]);
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
    expect(lines).toHaveLength(2 + 4);
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
      '`@ingo-embed/core`, whole entry: 2 600 B, target ≤ 2 500 B',
    ]);
  });
});
