/**
 * One instance of the stateless test: the session endpoint in its own Node process, configured by
 * the INGO_* variables alone, through `@ingo-embed/server`'s `node` export condition (node:crypto).
 * Prints `{ "url", "build" }` as one JSON line once it listens; exits when stdin closes (the driver
 * went away).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sessionHandlerFromEnv } from './app.js';

const handler = sessionHandlerFromEnv(process.env);
const server = createServer(handler.toNodeHandler());
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  // Which file of the package this process loaded: the `node` condition's build.
  const build = import.meta.resolve('@ingo-embed/server').replace(/^.*\/dist\//, 'dist/');
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, build })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
