import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// `script: true` makes svelte-package ship plain JavaScript components (types go to .d.ts files),
// so consumers need no TypeScript support in their Svelte toolchain.
export default { preprocess: vitePreprocess({ script: true }) };
