// Checks the built package the way customers get it (run by `lint`, after `build`):
// 1. dist/index.js starts with the "use client" directive, so React Server Components treat it
//    as a client module (bundlers drop directives from sources; tsdown adds it as a banner);
// 2. the binding costs at most BUDGET bytes min+gzip on top of @ingo-embed/core, measured like
//    scripts/size-probe.mjs at the repo root, with React left out as the app's own dependency.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET = 1024;
const dir = fileURLToPath(new URL('..', import.meta.url));
const entry = `${dir}dist/index.js`;
const failures = [];

const code = await readFile(entry, 'utf8');
if (!/^"use client";\r?\n/.test(code)) {
  failures.push(
    'dist/index.js does not start with "use client": check the banner in tsdown.config.ts.',
  );
}

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
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0].text, { level: 9 }).length;
}

const core = await size('@ingo-embed/core');
const withBinding = await size(entry);
const extra = withBinding - core;
console.log(
  `core ${core} B, core + react binding ${withBinding} B: the binding adds ${extra} B (budget ${BUDGET} B) min+gzip.`,
);
if (extra > BUDGET)
  failures.push(`The binding adds ${extra} B min+gzip, over the ${BUDGET} B budget.`);

for (const failure of failures) console.error(failure);
process.exitCode = failures.length ? 1 : 0;
