/**
 * Browser tests of this app against the local Ingo sandbox: `pnpm exec playwright test` here
 * (build the app first). Copy this file and tests/ into your app and change the URL and the
 * start command: @ingo-embed/sandbox/playwright starts the sandbox for the run.
 */
import type { SandboxWorkerFixtures } from '@ingo-embed/sandbox/playwright';
import { defineConfig } from '@playwright/test';

const APP_URL = 'http://localhost:5173';

export default defineConfig<object, Pick<SandboxWorkerFixtures, 'sandboxOptions'>>({
  testDir: 'tests',
  // One sandbox for the whole run, reset before each test: one test at a time.
  workers: 1,
  timeout: 60_000,
  use: {
    baseURL: APP_URL,
    // Where the app looks for Ingo when no INGO_* variables are set (port 4010), and where the
    // sandbox sends Ingo's webhooks.
    sandboxOptions: { port: 4010, webhookUrls: [`${APP_URL}/api/ingo/webhook`] },
    // A system Chromium (this repository's CI); leave it out to use Playwright's own browser.
    ...(process.env.CHROMIUM_PATH
      ? { launchOptions: { executablePath: process.env.CHROMIUM_PATH, args: ['--disable-gpu'] } }
      : {}),
  },
  webServer: {
    // The production build, as the app ships.
    command: 'pnpm start',
    url: APP_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    env: { INGO_ENVIRONMENT: 'local' },
  },
});
