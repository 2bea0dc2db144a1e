import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles the consumer-style .vue fixture, as an app's build would.
  plugins: [vue()],
  resolve: {
    alias: {
      // Core builds dist/testing.js but its package.json does not export `./testing` yet.
      '@ingo-embed/core/testing': fileURLToPath(
        new URL('./node_modules/@ingo-embed/core/dist/testing.js', import.meta.url),
      ),
    },
  },
  test: { environment: 'jsdom', setupFiles: ['test/setup.ts'], testTimeout: 20_000 },
});
