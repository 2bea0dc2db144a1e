import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  // `<script lang="ts">` in the app's components.
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Runes mode for this app's components; libraries decide for themselves.
    runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true),
  },
  kit: {
    // `pnpm build` writes a Node server to build/; `pnpm start` runs it (`node build`).
    adapter: adapter(),
    // No `csrf` settings: SvelteKit's check refuses cross-origin *form* posts (urlencoded,
    // multipart, text/plain) in production, and the page only sends same-origin JSON. adapter-node
    // learns its public origin from ORIGIN (`pnpm start` sets http://localhost:5175; set yours, or
    // PROTOCOL_HEADER and HOST_HEADER behind a proxy).
  },
};

export default config;
