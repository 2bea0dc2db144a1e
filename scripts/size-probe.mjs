#!/usr/bin/env node
/**
 * Prints the min and min+gzip size of everything an ES module exports, bundled the way the size
 * budgets measure it (esbuild: bundle, minify, ESM, es2022; gzip level 9). Pass a second argument
 * to print the bundle too.  Usage: node scripts/size-probe.mjs ./packages/core/dist/index.js
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const r = await build({
  stdin: { contents: `export * from '${process.argv[2]}'`, resolveDir: process.cwd() },
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  platform: 'browser',
  target: 'es2022',
});
const code = r.outputFiles[0].text;
console.log(code.length, 'min', gzipSync(code, { level: 9 }).length, 'gz');
if (process.argv[3]) console.log(code);
