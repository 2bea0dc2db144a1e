/**
 * What the browser benchmarks share: Debian's Chromium driven by playwright-core, the bench
 * pages bundled with esbuild at bench time, and a small node:http server that serves them with
 * the session endpoint, on an origin of its own (the sandbox's iframe stays cross-origin, as
 * Ingo's is).
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FaultSpec, startSandbox } from '@ingo-embed/sandbox';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { BenchError } from './errors.js';
import { PAGES_DIR } from './paths.js';
import { benchSessionEndpoint, SESSION_PATH } from './session-endpoint.js';
import { SIZE_OPTIONS } from './size.js';

export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // `gc()` in pages, and performance.memory without its default rounding, for the leak counts.
  '--js-flags=--expose-gc --no-flush-bytecode',
  '--enable-precise-memory-info',
];

/** Launches Chromium from CHROMIUM_PATH (default /usr/bin/chromium); never downloads one. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new BenchError(
      `No Chromium at ${executablePath}: install Debian's (apt-get install chromium) or set ` +
        'CHROMIUM_PATH to a Chromium binary. (`playwright install` is not used here.)',
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** The bench pages in bench/pages/, by the name of their file without extension. */
export type PageName =
  | 'time-react'
  | 'time-core'
  | 'time-quickstart'
  | 'leak-core'
  | 'leak-react'
  | 'leak-vue'
  | 'leak-svelte';

const PAGE_FILES: Record<PageName, string> = {
  'time-react': 'time-react.tsx',
  'time-core': 'time-core.ts',
  'time-quickstart': 'time-quickstart.ts',
  'leak-core': 'leak-core.ts',
  'leak-react': 'leak-react.tsx',
  'leak-vue': 'leak-vue.ts',
  'leak-svelte': 'leak-svelte.ts',
};

/** Production bundles of the pages, frameworks included (unlike the size measurements). */
export async function bundlePages(names: readonly PageName[]): Promise<Map<PageName, string>> {
  const result = await build({
    ...SIZE_OPTIONS,
    entryPoints: names.map((name) => ({ in: `${PAGES_DIR}${PAGE_FILES[name]}`, out: name })),
    outdir: '/virtual',
    // Unlike the size measurements, a page carries its framework.
    external: [],
    define: {
      ...SIZE_OPTIONS.define,
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
  }).catch((error: { errors?: { text: string }[] }) => {
    throw new BenchError(
      `Could not bundle the bench pages: ${error.errors?.[0]?.text ?? String(error)}. ` +
        'Build the workspace packages first (pnpm build).',
    );
  });
  const pages = new Map<PageName, string>();
  for (const file of result.outputFiles) {
    const name = /\/([^/]+)\.js$/.exec(file.path)?.[1] as PageName | undefined;
    if (name) pages.set(name, file.text);
  }
  return pages;
}

export interface PageServer {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  /** The URL of a page, with `sdk` (the sandbox's script URL) in its query. */
  pageUrl(name: PageName): string;
  /** Session endpoint failures seen so far (each would also fail the page that asked). */
  readonly errors: unknown[];
  close(): Promise<void>;
}

/**
 * Serves `/<page>.html`, `/<page>.js` and POST /api/ingo/session (signed against `sandboxUrl`)
 * on 127.0.0.1, a different origin from the sandbox's.
 */
export async function startPageServer(
  pages: Map<PageName, string>,
  sandboxUrl: string,
): Promise<PageServer> {
  const errors: unknown[] = [];
  const endpoint = benchSessionEndpoint({ sandboxUrl, onError: (error) => errors.push(error) });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === SESSION_PATH) {
      void endpoint(req, res);
      return;
    }
    const match = /^\/([a-z-]+)\.(html|js)$/.exec(path);
    const script = match ? pages.get(match[1] as PageName) : undefined;
    if (!match || script === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`nothing at ${path}`);
      return;
    }
    const [type, body] =
      match[2] === 'js'
        ? ['text/javascript; charset=utf-8', script]
        : [
            'text/html; charset=utf-8',
            `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${match[1]}</title>` +
              `<script type="module" src="/${match[1]}.js"></script></head>` +
              '<body><div id="app"></div></body></html>',
          ];
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sdk = encodeURIComponent(`${sandboxUrl}/sdk.js`);
  return {
    origin,
    pageUrl: (name) => `${origin}/${name}.html?sdk=${sdk}`,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Bundles `pages`, starts a sandbox (with `faults`) and the page server, runs `use`, and closes
 * both whatever happens: a failed run must not leave a server keeping the process alive.
 */
export async function withBenchSite<T>(
  names: readonly PageName[],
  faults: readonly FaultSpec[],
  use: (server: PageServer) => Promise<T>,
): Promise<T> {
  const pages = await bundlePages(names);
  const sandbox = await startSandbox({ port: 0, faults });
  try {
    const server = await startPageServer(pages, sandbox.url);
    try {
      return await use(server);
    } finally {
      await server.close();
    }
  } finally {
    await sandbox.close();
  }
}
