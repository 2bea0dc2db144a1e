/**
 * Server: the session endpoint's throughput and latency against the sandbox on this machine, the
 * same for IngoPay pushes made by the client, and what signing costs per request (the `node`
 * build, node:crypto, in this process; the default build, Web Crypto, in a child) against a bare
 * node:crypto HMAC-SHA512 of the same bytes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { SANDBOX_DEFAULTS } from '@ingo-embed/sandbox';
import { createIngoClient, SESSION_CREATE_PATH, signRequest } from '@ingo-embed/server';
import { BenchError } from './errors.js';
import type { ServerProcessMessage, WebSigningJob } from './server-process.js';
import { BENCH_RECIPIENT, SESSION_PATH } from './session-endpoint.js';
import { median, percentile } from './stats.js';
import { nsPerCall, nsPerSyncCall } from './timing.js';

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

/**
 * `ingoPay.maxRequestsPerSecond` of each client in the push benchmark. Ingo documents a limit of
 * 5 requests/s and the client's default throttle keeps to it; the benchmark raises it to the most
 * the option takes, and gives each worker a client of its own (16 × 1 000/s together), so that
 * the throttle never binds and the row measures the client's own cost and the emulator's.
 */
export const PUSH_THROTTLE = 1_000;

export interface PushThroughputResult extends ThroughputResult {
  /** Each client's `ingoPay.maxRequestsPerSecond` during the run (one client per worker). */
  maxRequestsPerSecond: number;
}

export interface SigningResult {
  /**
   * Median ns per `signRequest` call (SHA-512 of the body + HMAC-SHA512) of the build Node
   * resolves, the `node` export condition's: node:crypto.
   */
  signRequestNs: number;
  /**
   * The same for the default build (Web Crypto, what Workers, Deno Deploy and edge runtimes
   * resolve), on Node, measured in a child process that never loads the `node` build.
   */
  webCryptoSignRequestNs: number;
  /** Median ns per bare `createHmac('sha512', secret).update(signingString).digest('base64')`. */
  bareHmacNs: number;
  /** Bytes of the signing string both sign. */
  signingStringBytes: number;
  bodyBytes: number;
}

const SERVER_PROCESS = fileURLToPath(new URL('./server-process.js', import.meta.url));

/** Starts one child process and waits for the URL it serves. */
async function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const { child, message } = await forkChild(args);
  if (!('url' in message)) {
    child.kill();
    throw new BenchError(`server-process ${args[0]} sent no URL`);
  }
  return { child, url: message.url };
}

/** Starts one child process and waits for its first message. */
function forkChild(
  args: string[],
): Promise<{ child: ChildProcess; message: ServerProcessMessage }> {
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
      if ('error' in message) {
        reject(new BenchError(`server-process ${args[0]} failed: ${message.error}`));
      } else resolve({ child, message });
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

/**
 * `count` calls of `op` (given the worker's index) from `concurrency` workers in parallel;
 * latencies in completion order.
 */
async function drive(op: (worker: number) => Promise<number>, count: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let failed = false;
  const worker = async (index: number) => {
    while (next < count && !failed) {
      next++;
      try {
        latencies.push(await op(index));
      } catch (error) {
        // The first failure ends the run; the other workers stop after their current call.
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, i) => worker(i)));
  return latencies;
}

/** Timed `count` calls after `warmup` unmeasured ones, all at `load.concurrency`. */
async function measureLoad(op: (worker: number) => Promise<number>, load: LoadOptions) {
  await drive(op, load.warmup, load.concurrency);
  const started = performance.now();
  const latencies = await drive(op, load.requests, load.concurrency);
  const seconds = (performance.now() - started) / 1000;
  return {
    ...load,
    requestsPerSecond: load.requests / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  } satisfies ThroughputResult;
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
    const result: ThroughputResult = await measureLoad(() => postSession(url, agent), load);
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

/** Mints a card token the sandbox accepts for pushes, as its hosted page would issue one. */
async function mintToken(sandboxUrl: string): Promise<string> {
  const response = await fetch(new URL('/__sandbox/tokens', sandboxUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ destination: 'debit' }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => undefined)) as
    | { customer_account_token?: unknown }
    | undefined;
  const token = body?.customer_account_token;
  if (response.status !== 201 || typeof token !== 'string') {
    throw new BenchError(
      `the sandbox did not mint a token (POST /__sandbox/tokens answered ${response.status}).`,
    );
  }
  return token;
}

/**
 * IngoPay pushes (`pushFunds`, card, $25.00) made by the client in this process against the
 * sandbox in a child process, each with a new participantUniqueId1. Each worker has its own
 * client: a client's throttle takes at most 1 000/s, which a fast machine could reach, while
 * 16 of them together allow 16 000/s. Every push must succeed at the first attempt: anything else
 * stops the run. Bounded by the request count, loopback only.
 */
export async function measurePushThroughput(
  load: LoadOptions,
  log: (line: string) => void,
): Promise<PushThroughputResult> {
  let child: ChildProcess | undefined;
  try {
    const sandbox = await startChild(['sandbox']);
    child = sandbox.child;
    const customerAccountToken = await mintToken(sandbox.url);
    const newClient = () =>
      createIngoClient({
        username: SANDBOX_DEFAULTS.username,
        secret: SANDBOX_DEFAULTS.secret,
        environment: 'sandbox',
        sessionApiUrl: sandbox.url,
        ingoPayApiUrl: sandbox.url,
        participantId: SANDBOX_DEFAULTS.participantId,
        // One attempt, so that a lost or refused push shows instead of hiding behind a retry.
        ingoPay: { maxRequestsPerSecond: PUSH_THROTTLE, timeoutMs: 10_000, maxAttempts: 1 },
      });
    const clients = Array.from({ length: load.concurrency }, newClient);
    const push = async (worker: number) => {
      const client = clients[worker];
      if (!client) throw new BenchError(`no client for worker ${worker}`);
      const participantUniqueId1 = `bench-${randomUUID()}`;
      const started = performance.now();
      const result = await client.pushFunds({
        accountType: 'CA',
        amount: '25.00',
        customerAccountToken,
        participantUniqueId1,
        sourceOfFunds: 4,
      });
      const latency = performance.now() - started;
      if (result.outcome !== 'succeeded' || result.replayed) {
        throw new BenchError(
          `a push to the sandbox did not succeed: ${JSON.stringify(result).slice(0, 300)}`,
        );
      }
      return latency;
    };
    const result: PushThroughputResult = {
      ...(await measureLoad(push, load)),
      maxRequestsPerSecond: PUSH_THROTTLE,
    };
    log(
      `pushFunds: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, ` +
        `p99 ${result.p99.toFixed(1)} ms (${load.requests} pushes, concurrency ${load.concurrency}, ` +
        `a client each, throttle ${PUSH_THROTTLE}/s per client)`,
    );
    return result;
  } finally {
    child?.kill();
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

/** The Web Crypto build's `signRequest`, measured in a child process (see web-signing.ts). */
async function measureWebCryptoSigning(job: WebSigningJob): Promise<number> {
  const { child, message } = await forkChild(['sign-web', JSON.stringify(job)]);
  child.kill();
  if (!('signRequestNs' in message)) throw new BenchError('server-process sign-web sent no result');
  return message.signRequestNs;
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
  // Warm both up, then measure; the bare HMAC is fast, so its batches are larger. Batches of the
  // two alternate, so that a change in the machine's load weighs on both alike.
  await nsPerCall(sign, 2, 500);
  nsPerSyncCall(bare, 2, 5_000);
  const signSamples: number[] = [];
  const bareSamples: number[] = [];
  for (let batch = 0; batch < 25; batch++) {
    signSamples.push(await nsPerCall(sign, 1, 400));
    bareSamples.push(nsPerSyncCall(bare, 1, 5_000));
  }
  const result: SigningResult = {
    signRequestNs: median(signSamples),
    bareHmacNs: median(bareSamples),
    // After this process's own measurements, so that the two never share the cores.
    webCryptoSignRequestNs: await measureWebCryptoSigning({
      bodyBase64: Buffer.from(body).toString('base64'),
      dateMs: date.getTime(),
      username: SANDBOX_DEFAULTS.username,
      secret: SANDBOX_DEFAULTS.secret,
      path: SESSION_CREATE_PATH,
      batches: 25,
      perBatch: 400,
    }),
    signingStringBytes: Buffer.byteLength(signingString),
    bodyBytes: body.byteLength,
  };
  const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
  log(
    `signing: signRequest ${us(result.signRequestNs)} (node:crypto build), ` +
      `${us(result.webCryptoSignRequestNs)} (Web Crypto build), bare HMAC ` +
      `${us(result.bareHmacNs)} per call`,
  );
  return result;
}
