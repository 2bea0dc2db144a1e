import { ingoDemoServer } from '@ingo-embed/demo-kit/vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    svelte(),
    // The server half, inside Vite's dev server: POST /api/ingo/session (@ingo-embed/server's
    // session handler, against the local sandbox unless INGO_ENVIRONMENT says otherwise) and the
    // signed-in visitor's recipient profile at /api/demo/recipient. In your app these are routes
    // of your own backend (a SvelteKit `+server.ts`, see packages/svelte/README.md).
    ingoDemoServer(),
  ],
});
