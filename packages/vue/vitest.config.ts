import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles the consumer-style .vue fixture, as an app's build would.
  plugins: [vue()],
  test: { environment: 'jsdom', setupFiles: ['test/setup.ts'], testTimeout: 20_000 },
});
