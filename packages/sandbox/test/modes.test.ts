/**
 * The same behaviour, three ways of running the sandbox: the Node adapter (`startSandbox`), the
 * app in-process (`createSandbox().fetch`, no socket) and the CLI (a child process). Each
 * scenario goes through the public `fetch` surface and the test kit's client.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createSandbox } from '../src/app.js';
import { PUSH_PATH } from '../src/ingopay.js';
import { PAGE_TOKEN_HEADER } from '../src/protocol.js';
import { SESSION_CREATE_PATH, startSandbox } from '../src/server.js';
import { connectSandbox, type SandboxClient } from '../src/testing.js';
import { bootstrapOf, mountUrl, pushBody, sessionBody, signedHeaders } from './helpers.js';

interface Mode {
  client: SandboxClient;
  close(): Promise<void>;
}

async function startCli(): Promise<Mode> {
  const child: ChildProcess = spawn(
    process.execPath,
    [inject('cliPath'), '--port', '0', '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /listening on (http:\/\/[^\s]+)/.exec(stdout)?.[1];
      if (found && stdout.includes('allowed origins')) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`the CLI exited (${code}): ${stdout}`)));
  });
  return {
    client: connectSandbox(url),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const MODES: Record<string, () => Promise<Mode>> = {
  'Node adapter (startSandbox)': async () => {
    const running = await startSandbox({ port: 0 });
    return { client: connectSandbox(running.url), close: () => running.close() };
  },
  'in-process (createSandbox().fetch)': async () => {
    const sandbox = createSandbox();
    return {
      client: connectSandbox('http://sandbox.test', { fetch: sandbox.fetch }),
      close: () => sandbox.close(),
    };
  },
  'CLI (ingo-sandbox)': startCli,
};

for (const [name, start] of Object.entries(MODES)) {
  describe(name, () => {
    let mode: Mode;
    let sandbox: SandboxClient;
    beforeAll(async () => {
      mode = await start();
      sandbox = mode.client;
    });
    afterAll(() => mode.close());
    beforeEach(() => sandbox.reset());

    const createSession = (idempotencyKey?: string) => {
      const raw = JSON.stringify(sessionBody());
      return sandbox.fetch(`${sandbox.url}${SESSION_CREATE_PATH}`, {
        method: 'POST',
        headers: signedHeaders(raw, idempotencyKey === undefined ? {} : { idempotencyKey }),
        body: raw,
      });
    };
    const pageCall = (path: string, token: string, body?: unknown) =>
      sandbox.fetch(`${sandbox.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', [PAGE_TOKEN_HEADER]: token },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    it('answers the index, 404 and 405 as JSON', async () => {
      const index = await sandbox.fetch(`${sandbox.url}/`);
      expect(await index.json()).toMatchObject({ session_create: `POST ${SESSION_CREATE_PATH}` });
      const missing = await sandbox.fetch(`${sandbox.url}/nope`);
      expect(missing.status).toBe(404);
      expect((await missing.json()).client_message).toBe('nothing at GET /nope');
      const get = await sandbox.fetch(`${sandbox.url}${SESSION_CREATE_PATH}`);
      expect(get.status).toBe(405);
      expect((await sandbox.fetch(`${sandbox.url}/sdk.js`)).headers.get('content-type')).toMatch(
        /javascript/,
      );
    });

    it('signed Session Create → hosted page → Confirm → token → IngoPay push', async () => {
      const created = await createSession('modes-1');
      expect(created.status).toBe(200);
      const { data } = await created.json();
      expect(data.authorized_url.startsWith(`${sandbox.url}/session/`)).toBe(true);
      const page = await sandbox.fetch(mountUrl(data.authorized_url, 'debit'));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain('frame-ancestors');
      const boot = bootstrapOf(await page.text());
      const again = await sandbox.fetch(mountUrl(data.authorized_url, 'debit'));
      expect(again.status).toBe(410);

      const base = `/session/${data.session_identifier}`;
      const account = {
        card_number: '4111111111111111',
        expiration: '12/34',
        cvv: '123',
        name: 'Jane Doe',
      };
      const entered = await pageCall(`${base}/account`, boot.pageToken, {
        destination: 'debit',
        account,
      });
      expect((await entered.json()).result).toBe('ok');
      const confirmed = await (await pageCall(`${base}/confirm`, boot.pageToken, {})).json();
      expect(confirmed.result).toBe('verified');
      expect(await sandbox.session(data.session_identifier)).toMatchObject({
        state: 'completed',
        customer_account_token: confirmed.customer_account_token,
      });

      const raw = JSON.stringify(pushBody(confirmed.customer_account_token, Date.now()));
      const pushed = await sandbox.fetch(`${sandbox.url}${PUSH_PATH}`, {
        method: 'POST',
        headers: signedHeaders(raw, { signPath: PUSH_PATH }),
        body: raw,
      });
      expect((await pushed.json()).status).toBe(100);
      const transactions = await sandbox.transactions({
        customerAccountToken: confirmed.customer_account_token,
      });
      expect(transactions).toMatchObject([{ kind: 'push', amount: '25.00', status: 100 }]);
    });

    it('401 for a bad signature, 409 for a reused key with other parameters', async () => {
      const raw = JSON.stringify(sessionBody());
      const forged = await sandbox.fetch(`${sandbox.url}${SESSION_CREATE_PATH}`, {
        method: 'POST',
        headers: signedHeaders(raw, { secret: 'wrong' }),
        body: raw,
      });
      expect(forged.status).toBe(401);
      expect((await forged.json()).error.check).toBe('signature');
      expect((await createSession('k')).status).toBe(200);
      const other = JSON.stringify(sessionBody({ participant_unique_id1: 'order-2' }));
      const mismatch = await sandbox.fetch(`${sandbox.url}${SESSION_CREATE_PATH}`, {
        method: 'POST',
        headers: signedHeaders(other, { idempotencyKey: 'k' }),
        body: other,
      });
      expect(mismatch.status).toBe(409);
    });

    it('faults: a status, then a dropped connection that rejects like a network failure', async () => {
      await sandbox.faults.add([
        { target: 'session', status: 503, count: 1 },
        { target: 'session', drop: true, count: 1 },
      ]);
      expect((await createSession()).status).toBe(503);
      await expect(createSession()).rejects.toThrow(TypeError);
      expect((await createSession()).status).toBe(200);
      expect(await sandbox.faults.list()).toEqual([]);
      expect(await sandbox.sessions()).toHaveLength(1);
    });

    it('dropAfterCommit commits the push and loses only the answer', async () => {
      const token = await sandbox.mintToken('debit');
      await sandbox.faults.add({ target: 'ingopay', dropAfterCommit: true, count: 1 });
      const raw = JSON.stringify(pushBody(token, Date.now()));
      const push = () =>
        sandbox.fetch(`${sandbox.url}${PUSH_PATH}`, {
          method: 'POST',
          headers: signedHeaders(raw, { signPath: PUSH_PATH }),
          body: raw,
        });
      await expect(push()).rejects.toThrow(TypeError);
      expect((await (await push()).json()).status).toBe(101);
      expect(await sandbox.transactions()).toHaveLength(1);
    });

    it('the event envelope setting reaches the pages loaded after it; reset restores it', async () => {
      await sandbox.setEventEnvelope('content');
      const { data } = await (await createSession()).json();
      const page = await sandbox.fetch(mountUrl(data.authorized_url, 'debit'));
      expect(bootstrapOf(await page.text()).envelope).toBe('content');
      await sandbox.reset();
      const next = await (await createSession()).json();
      const flat = await sandbox.fetch(mountUrl(next.data.authorized_url, 'debit'));
      expect(bootstrapOf(await flat.text()).envelope).toBeUndefined();
    });
  });
}
