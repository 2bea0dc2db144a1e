/**
 * A child process of the server benchmark: `sandbox` runs the Ingo sandbox, `endpoint <url>` the
 * session endpoint signing against it. Each reports its URL over IPC and exits when the parent
 * goes away, so no process outlives a benchmark run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '@ingo-embed/sandbox';
import { benchSessionEndpoint } from './session-endpoint.js';

export type ServerProcessMessage = { url: string } | { error: string };

async function main(): Promise<string> {
  const [role, sandboxUrl] = process.argv.slice(2);
  if (role === 'sandbox') return (await startSandbox({ port: 0 })).url;
  if (role === 'endpoint' && sandboxUrl) {
    const endpoint = benchSessionEndpoint({
      sandboxUrl,
      onError: (error) => console.error('session endpoint:', error),
    });
    const server = createServer((req, res) => void endpoint(req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  throw new Error('usage: server-process.js sandbox | endpoint <sandbox url>');
}

if (!process.send) {
  console.error('server-process.js is started by the server benchmark (with an IPC channel).');
  process.exit(2);
}
process.on('disconnect', () => process.exit(0));
main().then(
  (url) => process.send?.({ url } satisfies ServerProcessMessage),
  (error: unknown) => {
    process.send?.({ error: String(error) } satisfies ServerProcessMessage);
    process.exit(1);
  },
);
