import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  dts: true,
  // Bundlers drop module-level directives, so the React Server Components marker is added to
  // the built file instead; scripts/check-dist.mjs checks that it is really the first line.
  banner: { js: '"use client";' },
});
