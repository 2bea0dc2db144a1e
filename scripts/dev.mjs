#!/usr/bin/env node
/**
 * `pnpm dev`: starts the local Ingo sandbox, the sample apps (Next.js, Nuxt, SvelteKit, each with
 * its own server routes, and the custom element in a plain HTML page on node:http) and a start
 * page that links them, prints one list of URLs, and stops everything on Ctrl-C.
 *
 * `--production` starts the apps' production builds instead of their dev servers (build them
 * first: `pnpm demos:production` does both); the end-to-end tests run against those, so what is
 * tested is what a customer ships.
 *
 * With INGO_ENVIRONMENT=sandbox or production (and INGO_USERNAME / INGO_SECRET / INGO_SDK_URL /
 * INGO_PARTICIPANT_ID) the apps talk to Ingo instead, and no local sandbox is started. Extra
 * sandbox flags can be passed in INGO_SANDBOX_ARGS (e.g. "--url-ttl 5").
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({ options: { production: { type: 'boolean' } } });
const production = flags.production ?? false;
const START_PAGE_PORT = Number(process.env.INGO_DEV_PORT ?? 5170);
const local = (process.env.INGO_ENVIRONMENT ?? 'local').toLowerCase() === 'local';

const bin = (app, name) => resolve(`apps/${app}/node_modules/.bin/${name}`);

/**
 * How each app runs. The commands are the binaries themselves (pnpm's bin shims exec node), so
 * signals reach them without a wrapper in between.
 */
const APPS = [
  {
    name: 'Next.js demo',
    app: 'next-demo',
    port: 5173,
    dev: [bin('next-demo', 'next'), ['dev', '--port', '5173']],
    production: [bin('next-demo', 'next'), ['start', '--port', '5173']],
    built: '.next/BUILD_ID',
  },
  {
    name: 'Nuxt demo',
    app: 'nuxt-demo',
    port: 5174,
    dev: [bin('nuxt-demo', 'nuxt'), ['dev', '--port', '5174']],
    production: ['node', ['.output/server/index.mjs']],
    built: '.output/server/index.mjs',
  },
  {
    name: 'SvelteKit demo',
    app: 'sveltekit-demo',
    port: 5175,
    dev: [bin('sveltekit-demo', 'vite'), ['dev', '--port', '5175', '--strictPort']],
    production: ['node', ['build']],
    built: 'build/index.js',
  },
  {
    name: 'Custom element demo',
    app: 'element-demo',
    port: 5176,
    // Plain HTML and node:http: nothing of its own to build. In dev, --watch restarts the server
    // when it changes, and it reads the page's files at each request.
    dev: ['node', ['--watch', 'server.js']],
    production: ['node', ['server.js']],
    // What its page imports: the packages' builds.
    built: 'node_modules/@ingo-embed/element/dist/index.js',
  },
];

if (production) {
  const missing = APPS.filter(({ app, built }) => !existsSync(resolve('apps', app, built)));
  if (missing.length > 0) {
    console.error(
      `No production build of ${missing.map((a) => a.name).join(', ')}. ` +
        'Run `pnpm demos:production` (builds, then starts) or `pnpm build` first.',
    );
    process.exit(1);
  }
}

const services = [
  local && {
    name: 'Ingo sandbox',
    command: 'node',
    args: [
      'packages/sandbox/dist/cli.js',
      '--port',
      '4010',
      // Ingo's webhooks go to each app's endpoint (a real program has one URL per environment).
      ...APPS.flatMap(({ port }) => ['--webhook-url', `http://localhost:${port}/api/ingo/webhook`]),
      ...(process.env.INGO_SANDBOX_ARGS ?? '').split(/\s+/).filter(Boolean),
    ],
    url: 'http://127.0.0.1:4010/',
    probe: 'http://127.0.0.1:4010/sdk.js',
  },
  ...APPS.map(({ name, app, port, ...modes }) => {
    const [command, args] = production ? modes.production : modes.dev;
    return {
      name,
      command,
      args,
      cwd: `apps/${app}`,
      env: {
        PORT: String(port),
        // SvelteKit's adapter-node checks the Origin of form posts against this.
        ORIGIN: `http://localhost:${port}`,
        ...(production ? { NODE_ENV: 'production' } : {}),
      },
      url: `http://localhost:${port}/`,
      probe: `http://localhost:${port}/`,
    };
  }),
].filter(Boolean);

const children = [];
let stopping = false;

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  if (startPage.listening) startPage.close();
  setTimeout(() => process.exit(code), 500).unref();
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

for (const service of services) {
  // Children stay in our process group: whoever stops this script as a group (Ctrl-C in a
  // terminal, Playwright's webServer) stops them too.
  const child = spawn(service.command, service.args, {
    cwd: service.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...service.env,
      FORCE_COLOR: '0',
      NEXT_TELEMETRY_DISABLED: '1',
      NUXT_TELEMETRY_DISABLED: '1',
    },
  });
  children.push(child);
  const prefix = (stream, out) =>
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim()) out.write(`[${service.name}] ${line}\n`);
      }
    });
  // The frameworks' and the sandbox's own banners are replaced by the one list below; errors
  // still show.
  prefix(child.stderr, process.stderr);
  if (process.env.INGO_DEV_VERBOSE) prefix(child.stdout, process.stdout);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `\n${service.name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`,
    );
    stop(1);
  });
}

const escapeHtml = (text) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const startPage = createServer((_req, res) => {
  const items = services
    .map((s) => `<li><a href="${s.url}">${escapeHtml(s.name)}</a> <code>${s.url}</code></li>`)
    .join('');
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ingo-embed demos</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:640px;margin:48px auto;padding:0 20px;color:#1b2333}
li{margin:10px 0}a{font-weight:600;color:#2353d6}code{color:#5b6578;margin-left:6px}</style></head>
<body><main><h1>ingo-embed demos</h1><p>The same funding form in three full-stack frameworks and in a plain HTML page (${
    production ? 'production builds' : 'dev servers'
  }), against ${
    local ? 'the local Ingo sandbox' : `Ingo (${escapeHtml(process.env.INGO_ENVIRONMENT)})`
  }.</p><ul>${items}</ul></main></body></html>`);
});

async function waitFor(url, deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

const deadline = Date.now() + 120_000;
const ready = await Promise.all(services.map((s) => waitFor(s.probe, deadline)));
if (stopping) process.exit(1);
const late = services.filter((_, i) => !ready[i]).map((s) => s.name);
if (late.length) {
  console.error(`Not ready after 120 s: ${late.join(', ')}. Stopping.`);
  stop(1);
} else {
  // The start page comes up last, so waiting for it (as the e2e tests do) means everything is up.
  await new Promise((resolve) => startPage.listen(START_PAGE_PORT, '127.0.0.1', resolve));
  const width = Math.max(...services.map((s) => s.name.length), 10);
  console.log(`\ningo-embed is running (${production ? 'production builds' : 'dev mode'}):\n`);
  console.log(`  ${'Start page'.padEnd(width)}  http://127.0.0.1:${START_PAGE_PORT}/`);
  for (const s of services) console.log(`  ${s.name.padEnd(width)}  ${s.url}`);
  console.log('\nPress Ctrl-C to stop everything.');
}
