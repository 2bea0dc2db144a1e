import { defineConfig } from 'tsdown';

export default defineConfig({
  // index: Web Crypto, for every runtime. index.node: the `node` export condition, the same
  // modules with node:crypto installed as signing's crypto backend; both share one chunk.
  entry: ['src/index.ts', 'src/index.node.ts'],
  format: 'esm',
  // Neutral: the package must run on Node, Deno, Bun and edge runtimes alike.
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  // node:crypto is imported by the Node entry only, and stays an import.
  deps: { neverBundle: [/^node:/] },
});
