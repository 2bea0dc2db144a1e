#!/usr/bin/env node
/**
 * `pnpm test:examples`: each sample app's customer-style browser test (apps/<app>/tests, with the
 * app's own playwright.config.ts), one app after another, as a customer runs it in their app:
 * `pnpm exec playwright test`. Each run starts the app's production build and, through
 * @ingo-embed/sandbox/playwright, the sandbox on port 4010 (so not while `pnpm dev` runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const APPS = ['next-demo', 'nuxt-demo', 'sveltekit-demo'];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `No Chromium at ${chromium}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}

let failed = 0;
for (const app of APPS) {
  console.log(`\n==> apps/${app}: pnpm exec playwright test`);
  const run = spawnSync('pnpm', ['exec', 'playwright', 'test', '--reporter=list'], {
    cwd: `apps/${app}`,
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium },
  });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
