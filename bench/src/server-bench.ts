/**
 * Server: the session endpoint's throughput and latency against the sandbox on this machine, and
 * what signing costs per request against a bare node:crypto HMAC-SHA512 of the same bytes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { SANDBOX_DEFAULTS } from '@ingo-embed/sandbox';
import { createIngoClient, SESSION_CREATE_PATH, signRequest } from '@ingo-embed/server';
import { BenchError } from './errors.js';
import type { ServerProcessMessage } from './server-process.js';
import { BENCH_RECIPIENT, SESSION_PATH } from './session-endpoint.js';
import { median, percentile } from './stats.js';

export interface LoadOptions {
  requests: number;
  concurrency: number;
  /** Unmeasured requests first (connections, JIT). */
  warmup: number;
}

export const DEFAULT_LOAD: LoadOptions = { requests: 2_000, concurrency: 16, warmup: 200 };

export interface ThroughputResult extends LoadOptions {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

export interface SigningResult {
  /** Median ns per `signRequest` call (SHA-512 of the body + HMAC-SHA512, Web Crypto). */
  signRequestNs: number;
  /** Median ns per bare `createHmac('sha512', secret).update(signingString).digest('base64')`. */
  bareHmacNs: number;
  /** Bytes of the signing string both sign. */
  signingStringBytes: number;
  bodyBytes: number;
}

const SERVER_PROCESS = fileURLToPath(new URL('./server-process.js', import.meta.url));

/** Starts one child process and waits for the URL it serves. */
function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(SERVER_PROCESS)) {
    throw new BenchError(
      `${SERVER_PROCESS} is missing: build the bench first (pnpm --filter @ingo-embed/bench build).`,
    );
  }
  const child = fork(SERVER_PROCESS, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new BenchError(`server-process ${args[0]} did not start within 15 s`));
    }, 15_000);
    child.once('message', (message: ServerProcessMessage) => {
      clearTimeout(timer);
      if ('url' in message) resolve({ child, url: message.url });
      else reject(new BenchError(`server-process ${args[0]} failed: ${message.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new BenchError(`server-process ${args[0]} exited with code ${code} before starting`));
    });
  });
}

/** POSTs one session request; resolves with its latency in ms, rejects on any non-200. */
function postSession(url: URL, agent: Agent): Promise<number> {
  const body = JSON.stringify({ idempotencyKey: randomUUID(), destination: 'debit' });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode === 200) resolve(performance.now() - started);
          else
            reject(
              new BenchError(
                `the session endpoint answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`,
              ),
            );
        });
      },
    );
    req.on('timeout', () => req.destroy(new BenchError('a session request took over 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** `count` requests from `concurrency` workers in parallel; latencies in completion order. */
async function drive(url: URL, agent: Agent, count: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      latencies.push(await postSession(url, agent));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return latencies;
}

/**
 * The sandbox and the endpoint each run in a child process, the load comes from this one: three
 * event loops on the machine's cores, all traffic on loopback. Bounded by the request count.
 */
export async function measureThroughput(
  load: LoadOptions,
  log: (line: string) => void,
): Promise<ThroughputResult> {
  const children: ChildProcess[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: load.concurrency });
  try {
    const sandbox = await startChild(['sandbox']);
    children.push(sandbox.child);
    const endpoint = await startChild(['endpoint', sandbox.url]);
    children.push(endpoint.child);
    const url = new URL(SESSION_PATH, endpoint.url);
    await drive(url, agent, load.warmup, load.concurrency);
    const started = performance.now();
    const latencies = await drive(url, agent, load.requests, load.concurrency);
    const seconds = (performance.now() - started) / 1000;
    const result: ThroughputResult = {
      ...load,
      requestsPerSecond: load.requests / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
    log(
      `server: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, ` +
        `p99 ${result.p99.toFixed(1)} ms (${load.requests} requests, concurrency ${load.concurrency})`,
    );
    return result;
  } finally {
    agent.destroy();
    for (const child of children) child.kill();
  }
}

/** The exact body the client sends to Session Create, captured with a stand-in fetch. */
async function sessionCreateBody(): Promise<Uint8Array> {
  let captured: Uint8Array | undefined;
  const client = createIngoClient({
    username: SANDBOX_DEFAULTS.username,
    secret: SANDBOX_DEFAULTS.secret,
    environment: 'sandbox',
    sessionApiUrl: 'http://127.0.0.1:9',
    maxRetries: 0,
    fetch: async (_url, init) => {
      captured = new Uint8Array(init.body as Uint8Array);
      // A bare 500 ends the call right after the body is known; its error is expected below.
      return new Response('{}', { status: 500 });
    },
  });
  await client
    .createSession({
      participantUniqueId1: randomUUID(),
      idempotencyKey: randomUUID(),
      recipient: BENCH_RECIPIENT,
    })
    .catch(() => undefined);
  if (!captured) throw new BenchError('the Ingo client sent no body to capture');
  return captured;
}

/** Median ns per call over `batches` batches of `perBatch` calls of an async function. */
async function nsPerCall(
  op: () => Promise<unknown>,
  batches: number,
  perBatch: number,
): Promise<number> {
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) await op();
    samples.push(Number(process.hrtime.bigint() - started) / perBatch);
  }
  return median(samples);
}

/** The same for a synchronous function (no await, which would add a microtask per call). */
function nsPerSyncCall(op: () => unknown, batches: number, perBatch: number): number {
  const samples: number[] = [];
  let sink: unknown;
  for (let b = 0; b < batches; b++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) sink = op();
    samples.push(Number(process.hrtime.bigint() - started) / perBatch);
  }
  if (sink === undefined) throw new Error('the operation returned nothing');
  return median(samples);
}

export async function measureSigning(log: (line: string) => void): Promise<SigningResult> {
  const body = await sessionCreateBody();
  const date = new Date();
  const sign = () =>
    signRequest({
      method: 'POST',
      path: SESSION_CREATE_PATH,
      body,
      username: SANDBOX_DEFAULTS.username,
      secret: SANDBOX_DEFAULTS.secret,
      date,
    });
  const { signingString } = await sign();
  const bare = () =>
    createHmac('sha512', SANDBOX_DEFAULTS.secret).update(signingString).digest('base64');
  // Warm both up, then measure; the bare HMAC is fast, so its batches are larger.
  await nsPerCall(sign, 2, 500);
  nsPerSyncCall(bare, 2, 5_000);
  const result: SigningResult = {
    signRequestNs: await nsPerCall(sign, 25, 400),
    bareHmacNs: nsPerSyncCall(bare, 25, 5_000),
    signingStringBytes: Buffer.byteLength(signingString),
    bodyBytes: body.byteLength,
  };
  log(
    `signing: signRequest ${(result.signRequestNs / 1000).toFixed(1)} µs, bare HMAC ` +
      `${(result.bareHmacNs / 1000).toFixed(1)} µs per call`,
  );
  return result;
}
