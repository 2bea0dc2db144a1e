/**
 * Tests must not depend on (or race with) the package's own `build`, which turbo may run at the
 * same time. So this builds what the tests need into a fresh temporary directory, laid out like
 * dist/: the Node entries (the CLI test runs them) and the browser bundles the server serves.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsdown';
import type { TestProject } from 'vitest/node';
import { browserBundles } from '../tsdown.config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The browser bundles (sdk.iife.js, page.iife.js). */
    assetsDir: string;
    /** The built CLI entry. */
    cliPath: string;
  }
}

export default async function setup(project: TestProject) {
  // Inside the package's node_modules (not the OS temp dir): the built CLI imports its
  // dependencies (hono, @hono/node-server), which Node resolves from there.
  const cache = fileURLToPath(new URL('../node_modules/.cache/', import.meta.url));
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'ingo-sandbox-build-'));
  await build({
    config: false,
    entry: ['src/index.ts', 'src/cli.ts'],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outDir: dir,
    dts: false,
    clean: false,
    fixedExtension: false,
    logLevel: 'warn',
  });
  for (const config of browserBundles(join(dir, 'browser'))) {
    await build({ ...config, config: false });
  }
  project.provide('assetsDir', join(dir, 'browser'));
  project.provide('cliPath', join(dir, 'cli.js'));
  return () => rmSync(dir, { recursive: true, force: true });
}
