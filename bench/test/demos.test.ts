import { describe, expect, it } from 'vitest';
import { DEMOS, type Demo, demoUrl, sortDemos, tail } from '../src/demos.js';

const demo = (app: string, built = 'build/index.js'): Demo => ({
  name: app,
  app,
  port: 5180,
  built,
});

describe('sortDemos', () => {
  it('measures a demo only when its app and its production build exist', () => {
    const files = new Set(['apps/a', 'apps/a/build/index.js', 'apps/b']);
    const { ready, skipped } = sortDemos([demo('a'), demo('b'), demo('c')], (path) =>
      files.has(path),
    );
    expect(ready.map((d) => d.app)).toEqual(['a']);
    expect(skipped.map(({ demo: d, reason }) => [d.app, reason])).toEqual([
      ['b', 'no production build (apps/b/build/index.js is missing: pnpm build)'],
      ['c', 'there is no apps/c'],
    ]);
  });

  it('keeps the order of the list', () => {
    const { ready } = sortDemos(DEMOS, () => true);
    expect(ready).toEqual(DEMOS);
  });
});

describe('DEMOS', () => {
  it('has one port per demo, none of them the sandbox or the start page', () => {
    const ports = DEMOS.map((d) => d.port);
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports).not.toContain(4010);
    expect(ports).not.toContain(5170);
    expect(demoUrl(DEMOS[0] as Demo)).toBe('http://localhost:5173/');
  });
});

describe('tail', () => {
  it('keeps the last non-empty lines', () => {
    expect(tail('a\n\nb\nc\n\n', 2)).toBe('b\nc');
    expect(tail('')).toBe('');
  });
});
