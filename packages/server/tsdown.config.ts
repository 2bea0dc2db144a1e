import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  // Neutral: the package must run on Node, Deno, Bun and edge runtimes alike.
  platform: 'neutral',
  target: 'es2022',
  dts: true,
});
