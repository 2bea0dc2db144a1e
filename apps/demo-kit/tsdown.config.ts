import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/vite.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: true,
  fixedExtension: false,
});
