/**
 * What the browser benchmarks share: Debian's Chromium driven by playwright-core, the bench
 * pages bundled with esbuild at bench time, and a small node:http server that serves them with
 * the session endpoint, on an origin of its own (the sandbox's iframe stays cross-origin, as
 * Ingo's is).
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ingoPreloadLinks } from '@ingo-embed/core/instant';
import { type FaultSpec, type SandboxOptions, startSandbox } from '@ingo-embed/sandbox';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { BenchError } from './errors.js';
import { PAGES_DIR } from './paths.js';
import { benchSessionHandler, SESSION_PATH } from './session-endpoint.js';
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
  | 'time-react-prefetch'
  | 'time-core'
  | 'time-quickstart'
  | 'time-quickstart-well'
  | 'time-intent'
  | 'time-floor'
  | 'time-ssr'
  | 'prefetch-cases'
  | 'leak-core'
  | 'leak-react'
  | 'leak-vue'
  | 'leak-svelte';

const PAGE_FILES: Record<PageName, string> = {
  'time-react': 'time-react.tsx',
  'time-react-prefetch': 'time-react-prefetch.tsx',
  'time-core': 'time-core.ts',
  'time-quickstart': 'time-quickstart.ts',
  'time-quickstart-well': 'time-quickstart-well.ts',
  'time-intent': 'time-intent.ts',
  'time-floor': 'time-floor.ts',
  'time-ssr': 'time-ssr.tsx',
  'prefetch-cases': 'prefetch-cases.ts',
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
  /** The URL of a page, with `sdk` (the sandbox's script URL) and `query` in its query. */
  pageUrl(name: PageName, query?: Record<string, string>): string;
  /** Session endpoint failures seen so far (each would also fail the page that asked). */
  readonly errors: unknown[];
  close(): Promise<void>;
}

/** The id of the JSON `<script>` that carries a server-rendered session (`time-ssr?ssr=1`). */
export const INITIAL_SESSION_ID = 'ingo-initial-session';

/**
 * Serves `/<page>.html`, `/<page>.js` and POST /api/ingo/session (signed against `sandboxUrl`)
 * on 127.0.0.1, a different origin from the sandbox's.
 *
 * Most pages are an empty `#app` and their module script. Two are more:
 * - `time-quickstart-well` has Ingo's SDK `<script>` in its HTML (the quick start's step 2);
 * - `time-ssr` is rendered the way a framework streams a page: the head first (the SDK's
 *   preconnect and preload hints, the module script), then, with `?ssr=1`, the session the server
 *   creates for the signed-in user while it renders (`handler.initialSession()`), as JSON, then
 *   the body. With `?ssr=0` it is the same page without that session.
 */
export async function startPageServer(
  pages: Map<PageName, string>,
  sandboxUrl: string,
): Promise<PageServer> {
  const errors: unknown[] = [];
  const handler = benchSessionHandler({ sandboxUrl, onError: (error) => errors.push(error) });
  const endpoint = handler.toNodeHandler();
  const sdkUrl = `${sandboxUrl}/sdk.js`;
  const html = async (name: PageName, req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    const hints =
      name === 'time-ssr'
        ? ingoPreloadLinks({ sdkUrl, sessionOrigin: sandboxUrl })
            .map(
              ({ rel, href, as }) => `<link rel="${rel}" href="${href}"${as ? ` as="${as}"` : ''}>`,
            )
            .join('')
        : '';
    const sdkTag = name === 'time-quickstart-well' ? `<script src="${sdkUrl}"></script>` : '';
    res.write(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>` +
        `${hints}${sdkTag}<script type="module" src="/${name}.js"></script></head><body>`,
    );
    if (name === 'time-ssr' && url.searchParams.get('ssr') === '1') {
      const request = new Request(url, { headers: { cookie: req.headers.cookie ?? '' } });
      const session = await handler.initialSession(request, { destination: 'debit' });
      // `<` escaped: JSON inside a script element must not be able to close it.
      const json = JSON.stringify(session).replace(/</g, '\\u003c');
      res.write(`<script type="application/json" id="${INITIAL_SESSION_ID}">${json}</script>`);
    }
    res.end('<div id="app"></div></body></html>');
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === SESSION_PATH) {
      void endpoint(req, res);
      return;
    }
    const match = /^\/([a-z-]+)\.(html|js)$/.exec(path);
    const name = match?.[1] as PageName | undefined;
    const script = name ? pages.get(name) : undefined;
    if (!match || !name || script === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`nothing at ${path}`);
      return;
    }
    if (match[2] === 'html') {
      html(name, req, res).catch((error: unknown) => {
        errors.push(error);
        res.destroy();
      });
      return;
    }
    res
      .writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      })
      .end(script);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (name, query = {}) =>
      `${origin}/${name}.html?${new URLSearchParams({ ...query, sdk: sdkUrl })}`,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Bundles `pages`, starts a sandbox (with `faults`, and `sandboxOptions` such as a shorter URL
 * lifetime) and the page server, runs `use` (given the sandbox's URL too, e.g. to count its
 * sessions), and closes both whatever happens: a failed run must not leave a server keeping the
 * process alive.
 */
export async function withBenchSite<T>(
  names: readonly PageName[],
  faults: readonly FaultSpec[],
  use: (server: PageServer, sandboxUrl: string) => Promise<T>,
  sandboxOptions: Omit<SandboxOptions, 'port' | 'faults'> = {},
): Promise<T> {
  const pages = await bundlePages(names);
  const sandbox = await startSandbox({ ...sandboxOptions, port: 0, faults });
  try {
    const server = await startPageServer(pages, sandbox.url);
    try {
      return await use(server, sandbox.url);
    } finally {
      await server.close();
    }
  } finally {
    await sandbox.close();
  }
}
