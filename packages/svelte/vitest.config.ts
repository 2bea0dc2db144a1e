import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  resolve: {
    alias: {
      // Workaround: @ingo-embed/core builds dist/testing.js but does not export `./testing` yet.
      '@ingo-embed/core/testing': fileURLToPath(
        new URL('./node_modules/@ingo-embed/core/dist/testing.js', import.meta.url),
      ),
    },
  },
  test: { environment: 'jsdom', include: ['test/**/*.test.ts'] },
});
