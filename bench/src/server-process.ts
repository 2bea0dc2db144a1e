/**
 * A child process of the server benchmark: `sandbox` runs the Ingo sandbox, `endpoint <url>` the
 * session endpoint signing against it; each reports its URL over IPC. `sign-web <json>` measures
 * the Web Crypto build's `signRequest` and reports the median ns per call. Each exits when the
 * parent goes away, so no process outlives a benchmark run. Roles load their modules lazily:
 * `sign-web` must never load the package's `node` build.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ServerProcessMessage = { url: string } | { signRequestNs: number } | { error: string };

/** The argument of `sign-web`, as JSON: the same input measureSigning signs in its process. */
export interface WebSigningJob {
  bodyBase64: string;
  dateMs: number;
  username: string;
  secret: string;
  path: string;
  batches: number;
  perBatch: number;
}

async function main(): Promise<ServerProcessMessage> {
  const [role, arg] = process.argv.slice(2);
  if (role === 'sandbox') {
    const { startSandbox } = await import('@ingo-embed/sandbox');
    return { url: (await startSandbox({ port: 0 })).url };
  }
  if (role === 'sign-web' && arg) {
    const job = JSON.parse(arg) as WebSigningJob;
    const { measureWebSignRequest } = await import('./web-signing.js');
    const signRequestNs = await measureWebSignRequest(
      {
        body: new Uint8Array(Buffer.from(job.bodyBase64, 'base64')),
        date: new Date(job.dateMs),
        username: job.username,
        secret: job.secret,
        path: job.path,
      },
      job.batches,
      job.perBatch,
    );
    return { signRequestNs };
  }
  if (role === 'endpoint' && arg) {
    const { benchSessionEndpoint } = await import('./session-endpoint.js');
    const endpoint = benchSessionEndpoint({
      sandboxUrl: arg,
      onError: (error) => console.error('session endpoint:', error),
    });
    const server = createServer((req, res) => void endpoint(req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }
  throw new Error('usage: server-process.js sandbox | endpoint <sandbox url> | sign-web <json>');
}

if (!process.send) {
  console.error('server-process.js is started by the server benchmark (with an IPC channel).');
  process.exit(2);
}
process.on('disconnect', () => process.exit(0));
main().then(
  (message) => process.send?.(message),
  (error: unknown) => {
    process.send?.({ error: String(error) } satisfies ServerProcessMessage);
    process.exit(1);
  },
);
