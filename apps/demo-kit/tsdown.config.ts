import { defineConfig } from 'tsdown';

// Two builds into dist/ (tsdown cleans it once, before both).

export default defineConfig([
  // The Vite plugin: runs in the demos' dev and preview servers, on Node.
  {
    entry: ['src/vite.ts'],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    dts: true,
    fixedExtension: false,
  },
  // The pages' shared data and helpers: runs in the browser, so no Node built-ins or polyfills.
  // Its only import (`@ingo-embed/core`) is type-only and vanishes from page.js.
  {
    entry: ['src/page.ts'],
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    fixedExtension: false,
  },
]);
