/**
 * The server serves the browser bundles from disk. Tests must not depend on (or race with) the
 * package's own `build`, so the bundles are built here into a fresh temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsdown';
import type { TestProject } from 'vitest/node';
import { browserBundles } from '../tsdown.config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    assetsDir: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'ingo-sandbox-assets-'));
  for (const config of browserBundles(dir)) {
    await build({ ...config, config: false });
  }
  project.provide('assetsDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
