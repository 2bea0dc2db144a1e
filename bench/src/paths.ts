import { fileURLToPath } from 'node:url';

/**
 * The bench package's own directory. Both `src/*.ts` (vitest) and the built `dist/*.js` sit one
 * level below it, so the same relative URL works from either.
 */
export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
export const APPS_DIR = `${BENCH_DIR}apps/`;
export const PAGES_DIR = `${BENCH_DIR}pages/`;
export const README_PATH = `${BENCH_DIR}README.md`;
/** The monorepo's root: the demo apps and scripts/dev.mjs, which starts them. */
export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
