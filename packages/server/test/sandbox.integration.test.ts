/**
 * Against the real local emulator (@ingo-embed/sandbox), which verifies HMAC signatures with its
 * own, independently written checker. Skipped only while the sandbox does not export
 * startSandbox yet; any other import failure fails the suite.
 */
import { describe, expect, it } from 'vitest';
import {
  createIngoClient,
  createSessionHandler,
  IngoAuthenticationError,
  type IngoClientOptions,
  IngoIdempotencyMismatchError,
  readIngoEnv,
} from '../src/index.js';
import { RECIPIENT } from './helpers.js';

interface RunningSandbox {
  url: string;
  close(): Promise<void>;
}
interface SandboxModule {
  startSandbox?: (options: Record<string, unknown>) => Promise<RunningSandbox>;
  SANDBOX_DEFAULTS?: { username: string; secret: string; port: number };
}

// A variable specifier keeps the typecheck independent of whether the sandbox is built yet.
const specifier = '@ingo-embed/sandbox';
const sandbox = (await import(/* @vite-ignore */ specifier).catch((error: unknown) => {
  const text = String((error as Error)?.message ?? error);
  if (/Cannot find (module|package)|Failed to (load|resolve)|ERR_MODULE_NOT_FOUND/i.test(text)) {
    return {};
  }
  throw error;
})) as SandboxModule;
const startSandbox = sandbox.startSandbox;
if (!startSandbox) {
  console.warn(
    '[server] sandbox integration tests skipped: @ingo-embed/sandbox does not export startSandbox yet',
  );
}

const USERNAME = 'it-user';
const SECRET = 'it-secret';

async function withSandbox<T>(
  options: Record<string, unknown>,
  run: (url: string) => Promise<T>,
): Promise<T> {
  if (!startSandbox) throw new Error('unreachable: suite is skipped without startSandbox');
  const sb = await startSandbox({ port: 0, username: USERNAME, secret: SECRET, ...options });
  try {
    return await run(sb.url);
  } finally {
    await sb.close();
  }
}

function clientFor(url: string, options: Partial<IngoClientOptions> = {}) {
  return createIngoClient({
    username: USERNAME,
    secret: SECRET,
    environment: 'sandbox',
    sessionApiUrl: url,
    retryDelayMs: 1,
    ...options,
  });
}

describe.skipIf(!startSandbox)('against @ingo-embed/sandbox', () => {
  it('creates a real session, re-authorizes it with 101, and reports 13723 for changed details', async () => {
    await withSandbox({}, async (url) => {
      const client = clientFor(url);
      const input = {
        participantUniqueId1: 'order-1',
        recipient: RECIPIENT,
        idempotencyKey: 'it-key-0001',
      };
      const first = await client.createSession(input);
      expect(first.idempotent).toBe(false);
      expect(first.authorizedUrl).toMatch(/^https?:\/\//);
      expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now());
      expect(first.participantUniqueId1).toBe('order-1');

      const again = await client.createSession(input);
      expect(again.idempotent).toBe(true);
      expect(again.sessionId).toBe(first.sessionId);

      await expect(
        client.createSession({ ...input, recipient: { ...RECIPIENT, city: 'Elsewhere' } }),
      ).rejects.toBeInstanceOf(IngoIdempotencyMismatchError);
    });
  });

  it('is accepted in both documented header orders, with non-ASCII recipients', async () => {
    await withSandbox({}, async (url) => {
      const recipient = { ...RECIPIENT, firstName: 'Zoë', lastName: 'Nguyễn', city: 'São Paulo' };
      for (const signedHeaders of [
        ['request-line', 'x-date', 'content-type', 'content-sha512', 'content-length'],
        ['request-line', 'x-date', 'content-type', 'content-length', 'content-sha512'],
      ] as const) {
        const session = await clientFor(url, { signedHeaders }).createSession({
          participantUniqueId1: `order-${signedHeaders[3]}`,
          recipient,
        });
        expect(session.sessionId).toBeTruthy();
      }
    });
  });

  it('turns a wrong secret into an authentication error with a hint', async () => {
    await withSandbox({}, async (url) => {
      const error = await clientFor(url, { secret: 'wrong-secret' })
        .createSession({ participantUniqueId1: 'order-2', recipient: RECIPIENT })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngoAuthenticationError);
      expect((error as IngoAuthenticationError).likelyCause).toBe('credentials');
      expect((error as IngoAuthenticationError).httpStatus).toBe(401);
    });
  });

  it('retries an injected 503 and a dropped connection with the same key', async () => {
    await withSandbox(
      {
        faults: [
          { target: 'session', status: 503, count: 1 },
          { target: 'session', drop: true, count: 1 },
        ],
      },
      async (url) => {
        const session = await clientFor(url, { maxRetries: 2 }).createSession({
          participantUniqueId1: 'order-3',
          recipient: RECIPIENT,
        });
        expect(session.idempotent).toBe(false);
        const listing = (await (await fetch(`${url}/__sandbox/sessions`)).json()) as {
          sessions: unknown[];
        };
        expect(listing.sessions).toHaveLength(1);
      },
    );
  });

  it('serves the session endpoint end to end, bound to the signed-in user', async () => {
    await withSandbox({}, async (url) => {
      const handler = createSessionHandler({
        client: clientFor(url),
        resolveSession: (request) => {
          const user = request.headers.get('x-user');
          return user ? { subject: user, recipient: { ...RECIPIENT, firstName: user } } : null;
        },
        sdkUrl: `${url}/sdk.js`,
      });
      const post = (user: string) =>
        handler(
          new Request('http://app.test/api/ingo/session', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-user': user },
            body: JSON.stringify({ idempotencyKey: 'browser-key-0001', destination: 'debit' }),
          }),
        );
      const first = await post('alice');
      expect(first.status).toBe(200);
      const body = (await first.json()) as {
        sessionId: string;
        authorizedUrl: string;
        sdkUrl: string;
      };
      expect(body.sdkUrl).toBe(`${url}/sdk.js`);
      // The browser retries with the same key: same session (Ingo 101), no 13723.
      const again = await post('alice');
      expect(again.status).toBe(200);
      const retry = (await again.json()) as { sessionId: string };
      expect(retry.sessionId).toBe(body.sessionId);
      // Another user with the same browser key gets a session of their own.
      const bob = await post('bob');
      expect(bob.status).toBe(200);
      const other = (await bob.json()) as { sessionId: string };
      expect(other.sessionId).toEqual(expect.any(String));
      expect(other.sessionId).not.toBe(body.sessionId);

      const sdk = await fetch(body.sdkUrl);
      expect(sdk.status).toBe(200);
      expect(await sdk.text()).toContain('IngoInstantPayments');
    });
  });

  it('uses the same defaults as the emulator for INGO_ENVIRONMENT=local', () => {
    const config = readIngoEnv({});
    expect(config.username).toBe(sandbox.SANDBOX_DEFAULTS?.username);
    expect(config.secret).toBe(sandbox.SANDBOX_DEFAULTS?.secret);
    expect(config.sessionApiUrl).toBe(`http://127.0.0.1:${sandbox.SANDBOX_DEFAULTS?.port}`);
  });
});
