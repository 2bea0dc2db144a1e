import { defineConfig } from 'tsdown';

// The runner, built for Node. The apps and pages are bundled by esbuild at bench time instead,
// so that every size is measured from the same build of the packages.
export default defineConfig({
  entry: ['src/cli.ts', 'src/server-process.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: false,
  fixedExtension: false,
  // Everything in node_modules stays a runtime import (this package's dependencies are all
  // devDependencies, which tsdown would otherwise bundle), workspace packages included: the
  // bench measures their built dist/, never a copy.
  deps: { skipNodeModulesBundle: true, neverBundle: [/^@ingo-embed\//] },
});
