import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // svelteTesting(): browser builds of Svelte in jsdom, and cleanup after each test.
  plugins: [svelte(), svelteTesting()],
  test: { environment: 'jsdom', include: ['test/**/*.test.ts'] },
});
