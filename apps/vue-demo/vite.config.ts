import { ingoDemoServer } from '@ingo-embed/demo-kit/vite';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue(),
    // The server half, inside Vite's dev server: POST /api/ingo/session (@ingo-embed/server's
    // session handler, against the local sandbox unless INGO_ENVIRONMENT says otherwise) and the
    // signed-in visitor's recipient profile at /api/demo/recipient. In your app these are routes
    // of your own backend (a Nuxt server route, see packages/vue/README.md).
    ingoDemoServer(),
  ],
});
