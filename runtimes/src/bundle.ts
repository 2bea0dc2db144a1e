/**
 * The scenarios as one self-contained ES module: src/scenarios.ts with @ingo-embed/server (its
 * default, Web Crypto build, as Workers, Deno Deploy and edge bundlers resolve it) and core
 * inlined. Built once per run and fed, unchanged, to every runtime.
 */
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const ENTRY = fileURLToPath(new URL('../src/scenarios.ts', import.meta.url));

export class BundleError extends Error {
  override readonly name = 'BundleError';
}

export async function bundleScenarios(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    // Neutral: no `node` (nor `browser`) condition, no Node built-ins to fall back on.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new BundleError('esbuild wrote no bundle');
  const imports = Object.values(result.metafile.outputs).flatMap((file) => file.imports);
  if (imports.length > 0) {
    throw new BundleError(
      `the bundle must import nothing at run time, but imports ${imports.map((i) => i.path).join(', ')}`,
    );
  }
  return output.text;
}

/**
 * The same code as a classic script defining `globalThis[name]`, for the edge VM, whose
 * `evaluate` runs scripts, not modules: esbuild only rewrites the final `export { … }`.
 */
export async function asScript(moduleCode: string, name: string): Promise<string> {
  const { code } = await transform(moduleCode, {
    format: 'iife',
    globalName: name,
    target: 'es2022',
  });
  return code;
}
