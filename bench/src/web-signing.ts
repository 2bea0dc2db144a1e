/**
 * `signRequest` of the package's default build (Web Crypto: what Workers, Deno Deploy, Vercel's
 * edge and browsers-like runtimes get), measured on Node. Runs in a child process (server-process
 * `sign-web`) that never loads the `node` build: both builds share one module graph, and loading
 * the `node` entry switches signing to node:crypto for the whole process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchError } from './errors.js';
import { nsPerCall } from './timing.js';

type ServerModule = typeof import('@ingo-embed/server');

/** The build the `default` export condition names: in Node, a bare import takes `node`'s. */
export async function importWebBuild(): Promise<ServerModule> {
  const manifest = createRequire(import.meta.url).resolve('@ingo-embed/server/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { default?: string }>;
  };
  const file = exports['.']?.default;
  if (!file) throw new BenchError('@ingo-embed/server has no "default" export condition');
  return (await import(pathToFileURL(join(dirname(manifest), file)).href)) as ServerModule;
}

/** Median ns per `signRequest` call of the Web Crypto build, as measureSigning measures it. */
export async function measureWebSignRequest(
  input: { body: Uint8Array; date: Date; username: string; secret: string; path: string },
  batches: number,
  perBatch: number,
): Promise<number> {
  const { signRequest } = await importWebBuild();
  const sign = () => signRequest({ method: 'POST', ...input });
  await nsPerCall(sign, 2, perBatch);
  return nsPerCall(sign, batches, perBatch);
}
