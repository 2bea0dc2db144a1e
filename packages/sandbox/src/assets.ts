/**
 * The browser bundles (SDK script and page script) are built by tsdown into dist/browser.
 * The server reads them once; in this package's own tests a global setup builds them into a
 * temporary directory and points the server there.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BrowserAssets {
  sdk: string;
  page: string;
}

let overrideDirectory: string | undefined;
let cached: BrowserAssets | undefined;

/** For tests: read the bundles from another directory. */
export function useAssetDirectory(directory: string): void {
  overrideDirectory = directory;
  cached = undefined;
}

export class MissingAssetsError extends Error {
  override name = 'MissingAssetsError';
}

export function loadBrowserAssets(): BrowserAssets {
  if (cached) return cached;
  const candidates = overrideDirectory
    ? [overrideDirectory]
    : [
        fileURLToPath(new URL('./browser/', import.meta.url)),
        fileURLToPath(new URL('../dist/browser/', import.meta.url)),
      ];
  for (const directory of candidates) {
    try {
      cached = {
        sdk: readFileSync(`${directory}/sdk.iife.js`, 'utf8'),
        page: readFileSync(`${directory}/page.iife.js`, 'utf8'),
      };
      return cached;
    } catch {
      // try the next place
    }
  }
  throw new MissingAssetsError(
    `The sandbox's browser scripts were not found (looked in ${candidates.join(', ')}). Build the package first: pnpm --filter @ingo-embed/sandbox build`,
  );
}
