/**
 * The Node adapter: `startSandbox()` serves the same Fetch app (src/app.ts) on a port through
 * @hono/node-server, as the CLI and every browser test use it. It hands the app the raw request
 * (`c.env.incoming`: the exact request line and headers for HMAC checks) and carries out the
 * `drop` / `dropAfterCommit` faults by destroying the socket.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { buildApp } from './app.js';
import { resolveConfig, SandboxConfigError, type SandboxOptions } from './config.js';
import { isDropped } from './http.js';

export type { SandboxOptions } from './config.js';
export { SANDBOX_DEFAULTS, SandboxConfigError, SESSION_CREATE_PATH } from './config.js';

export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const config = resolveConfig(options);
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  let baseUrl = '';
  const { app, store } = buildApp(config, options, (c) => {
    // Where browsers reach us: the listening URL, or the Host header when bound to all interfaces.
    const host = c.env?.incoming?.headers.host;
    return wildcard && typeof host === 'string' && host ? `http://${host}` : baseUrl;
  });
  const listener = getRequestListener(
    async (request, env) => {
      const response = await app.fetch(request, env);
      if (!isDropped(response)) return response;
      env.incoming.socket.destroy();
      return RESPONSE_ALREADY_SENT;
    },
    // Leave the process's own Request and Response alone (tests and apps share it).
    { overrideGlobalObjects: false },
  );
  const server = createServer((req, res) => void listener(req, res));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      store.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new SandboxConfigError(
              `port ${config.port} on ${config.host} is already in use; choose another port (0 picks a free one)`,
            )
          : error,
      );
    };
    server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // Browsers reach a wildcard bind through loopback; otherwise keep the name the user chose.
  const host = wildcard
    ? '127.0.0.1'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host;
  baseUrl = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        store.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
