import { defineConfig } from 'tsdown';

// Two builds into dist/ (tsdown cleans it once, before both).

export default defineConfig([
  // The server half: runs in the sample apps' server routes, on Node.
  {
    entry: ['src/server.ts'],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    dts: true,
    fixedExtension: false,
  },
  // The pages' shared data and helpers: runs in the browser, so no Node built-ins or polyfills.
  // Its only runtime import is ./payouts (data); `@ingo-embed/core` is type-only.
  {
    entry: ['src/page.ts'],
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    fixedExtension: false,
  },
]);
