import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ stdin: { contents: `export * from '${process.argv[2]}'`, resolveDir: process.cwd() }, bundle: true, minify: true, format: 'esm', write: false, platform: 'browser', target: 'es2022' });
const code = r.outputFiles[0].text;
console.log(code.length, 'min', gzipSync(code, {level: 9}).length, 'gz');
if (process.argv[3]) console.log(code);
