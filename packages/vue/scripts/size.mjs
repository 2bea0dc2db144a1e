// Size budget, run by `lint` after `build`: the Vue binding may add at most BUDGET bytes
// min+gzip on top of @ingo-embed/core. Measured like scripts/size-probe.mjs at the repo root,
// but with Vue left out: it is the app's own dependency, not ours.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET = 1024;
const dir = fileURLToPath(new URL('..', import.meta.url));

/** min+gzip bytes of an app that imports everything `from` exports. */
async function size(from) {
  const result = await build({
    stdin: { contents: `export * from '${from}';`, resolveDir: dir },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    target: 'es2022',
    external: ['vue'],
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0].text, { level: 9 }).length;
}

const core = await size('@ingo-embed/core');
const withBinding = await size('./dist/index.js');
const extra = withBinding - core;
console.log(
  `core ${core} B, core + vue binding ${withBinding} B: the binding adds ${extra} B (budget ${BUDGET} B) min+gzip.`,
);
if (extra > BUDGET) {
  console.error(`The Vue binding adds ${extra} B min+gzip, over its ${BUDGET} B budget.`);
  process.exitCode = 1;
}
