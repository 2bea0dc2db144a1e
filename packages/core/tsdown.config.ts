import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/instant.ts', 'src/testing.ts'],
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  dts: true,
});
