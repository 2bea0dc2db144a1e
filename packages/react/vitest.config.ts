import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      // @ingo-embed/core builds `testing` but does not export it yet (see README, "Known gaps").
      '@ingo-embed/core/testing': fileURLToPath(new URL('../core/src/testing.ts', import.meta.url)),
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
  },
});
