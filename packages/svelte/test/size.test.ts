// @vitest-environment node
/**
 * Size budget: what this binding adds, minified and gzipped, on top of @ingo-embed/core, with
 * Svelte's own runtime external (the app ships it anyway). Run `pnpm size` to print the numbers.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { compile } from 'svelte/compiler';
import { expect, it } from 'vitest';

const BUDGET_BYTES = 1536;

/** Compiles `.svelte` files the way a production client build does. */
const sveltePlugin: Plugin = {
  name: 'svelte',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.svelte$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const { js } = compile(source, { filename: path, generate: 'client', dev: false });
      return { contents: js.code, loader: 'js' };
    });
  },
};

/** min+gzip bytes of a bundle of `contents`, with `external` left out. */
async function measure(contents: string, external: string[]) {
  const result = await build({
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external,
    plugins: [sveltePlugin],
  });
  const code = result.outputFiles[0]?.text ?? '';
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

it(`adds at most ${BUDGET_BYTES} B min+gzip on top of core`, async () => {
  const svelte = ['svelte', 'svelte/*'];
  const binding = await measure("export * from '../src/lib/index.ts';", [
    ...svelte,
    '@ingo-embed/core',
  ]);
  const core = await measure("export * from '@ingo-embed/core';", svelte);
  const both = await measure("export * from '../src/lib/index.ts';", svelte);
  console.log(
    `binding alone ${binding.min} B min, ${binding.gzip} B gz; core ${core.gzip} B gz; ` +
      `core + binding ${both.gzip} B gz (+${both.gzip - core.gzip} B)`,
  );
  expect(binding.gzip).toBeLessThanOrEqual(BUDGET_BYTES);
  expect(both.gzip - core.gzip).toBeLessThanOrEqual(BUDGET_BYTES);
});
