import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The scripts the sandbox serves to browsers: one self-contained IIFE each (IIFE builds take a
 * single entry), named `<name>.iife.js`. Also used by the test setup, which builds them into a temporary directory.
 */
export function browserBundles(outDir: string): UserConfig[] {
  return (['sdk', 'page'] as const).map((name) => ({
    entry: { [name]: `src/browser/${name}-entry.ts` },
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outDir,
    minify: true,
    dts: false,
    clean: false,
    logLevel: 'warn',
  }));
}

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/cli.ts', 'src/testing.ts', 'src/vitest.ts', 'src/playwright.ts'],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    dts: true,
    fixedExtension: false,
  },
  ...browserBundles('dist/browser'),
]);
