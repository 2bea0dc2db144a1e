import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium (apt-get install chromium); Playwright's own browser download is not used.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  throw new Error(
    `No Chromium at ${executablePath}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}

// E2E_EVENT_ENVELOPE=content (or both) runs the whole suite with that SDK payload shape.
const envelope = process.env.E2E_EVENT_ENVELOPE;
const sandboxArgs = `--url-ttl 5${envelope ? ` --event-envelope ${envelope}` : ''}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Faults injected into the sandbox apply to every page: one test at a time.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // The apps' production builds (what a customer ships), the sandbox and the start page, as
    // `pnpm demos:production` starts them, with authorized URLs that expire after 5 s so that the
    // refresh of an expired URL can be shown without waiting 30 s. `pnpm test:e2e` builds first.
    command: 'node scripts/dev.mjs --production',
    url: 'http://127.0.0.1:5170/',
    env: { INGO_SANDBOX_ARGS: sandboxArgs, INGO_ENVIRONMENT: 'local' },
    reuseExistingServer: false,
    timeout: 150_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
