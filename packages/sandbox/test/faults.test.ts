import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, SandboxConfigError, startSandbox } from '../src/server.js';
import { createSession, rawRequest } from './helpers.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await rawRequest(sandbox.url, 'POST', '/__sandbox/reset', {});
});

function addFault(fault: unknown) {
  return rawRequest(
    sandbox.url,
    'POST',
    '/__sandbox/faults',
    { 'content-type': 'application/json' },
    JSON.stringify(fault),
  );
}

async function listFaults() {
  return (await rawRequest(sandbox.url, 'GET', '/__sandbox/faults', {})).json().faults;
}

async function sessions() {
  return (await rawRequest(sandbox.url, 'GET', '/__sandbox/sessions', {})).json().sessions;
}

describe('faults', () => {
  it('answers an HTTP 5xx for the next N session requests, without creating sessions', async () => {
    expect((await addFault({ target: 'session', status: 503, count: 2 })).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const res = await createSession(sandbox.url);
      expect(res.status).toBe(503);
      expect(res.json().client_message).toMatch(/Injected fault/);
    }
    expect(await sessions()).toEqual([]);
    expect((await createSession(sandbox.url)).status).toBe(200);
    expect(await listFaults()).toEqual([]);
  });

  it('drops the connection', async () => {
    await addFault({ target: 'session', drop: true, count: 1 });
    await expect(createSession(sandbox.url)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await createSession(sandbox.url)).status).toBe(200);
  });

  it('answers malformed JSON', async () => {
    await addFault({ target: 'session', malformed: true, count: 1 });
    const res = await createSession(sandbox.url);
    expect(res.status).toBe(200);
    expect(() => res.json()).toThrow(SyntaxError);
  });

  it('keeps a latency fault without count until reset, then handles requests normally', async () => {
    await addFault({ target: 'session', latencyMs: 5 });
    await addFault({ target: 'sdk', latencyMs: 5 });
    expect((await createSession(sandbox.url)).json().status).toBe(100);
    expect((await createSession(sandbox.url)).json().status).toBe(100);
    expect((await rawRequest(sandbox.url, 'GET', '/sdk.js', {})).status).toBe(200);
    const faults = await listFaults();
    expect(faults).toMatchObject([
      { target: 'session', latencyMs: 5, applied: 2 },
      { target: 'sdk', latencyMs: 5, applied: 1 },
    ]);
    await rawRequest(sandbox.url, 'POST', '/__sandbox/reset', {});
    expect(await listFaults()).toEqual([]);
  });

  it('makes the SDK script missing or broken', async () => {
    await addFault([
      { target: 'sdk', status: 404, count: 1 },
      { target: 'sdk', malformed: true, count: 1 },
    ]);
    expect((await rawRequest(sandbox.url, 'GET', '/sdk.js', {})).status).toBe(404);
    const broken = await rawRequest(sandbox.url, 'GET', '/sdk.js', {});
    expect(() => new Function(broken.text)).toThrow(SyntaxError);
    const real = await rawRequest(sandbox.url, 'GET', '/sdk.js', {});
    expect(real.headers['content-type']).toMatch(/javascript/);
    expect(() => new Function(real.text)).not.toThrow();
  });

  it('applies page faults to the hosted page and page-api faults to its calls', async () => {
    await addFault({ target: 'page', status: 502, count: 1 });
    const session = (
      await createSession(sandbox.url, undefined, { idempotencyKey: 'faulty' })
    ).json().data;
    const url = new URL(session.authorized_url);
    url.searchParams.set('destination', 'debit');
    url.searchParams.set('parent_origin', 'http://localhost:3000');
    url.searchParams.set('channel', 'c');
    expect((await rawRequest(sandbox.url, 'GET', url.toString(), {})).status).toBe(502);
    // The faulted request did not consume the URL.
    const page = await rawRequest(sandbox.url, 'GET', url.toString(), {});
    expect(page.status).toBe(200);
    await addFault({ target: 'page-api', status: 500, count: 1 });
    const apiPath = `/session/${session.session_identifier}/billers?q=acme`;
    expect((await rawRequest(sandbox.url, 'GET', apiPath, {})).status).toBe(500);
  });

  it('rejects an invalid fault with a message saying what is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [{ target: 'database', status: 500 }, /target must be one of session, sdk, page, page-api/],
      [{ target: 'session' }, /needs latencyMs, status, drop or malformed/],
      [{ target: 'session', status: 200 }, /status must be an integer from 400 to 599/],
      [{ target: 'session', drop: true, status: 500 }, /only one of drop, status and malformed/],
      [{ target: 'session', latency: 100 }, /unknown fault field "latency"/],
      [{ target: 'session', latencyMs: 10, count: 0 }, /count must be an integer from 1/],
    ];
    for (const [fault, message] of cases) {
      const res = await addFault(fault);
      expect(res.status).toBe(400);
      expect(res.json().client_message).toMatch(message);
    }
    expect(await listFaults()).toEqual([]);
  });

  it('DELETE clears faults but keeps sessions', async () => {
    await createSession(sandbox.url);
    await addFault({ target: 'session', status: 500 });
    await rawRequest(sandbox.url, 'DELETE', '/__sandbox/faults', {});
    expect(await listFaults()).toEqual([]);
    expect(await sessions()).toHaveLength(1);
  });
});

describe('startSandbox options', () => {
  it('accepts faults from the start', async () => {
    const faulty = await startSandbox({
      port: 0,
      faults: [{ target: 'session', status: 500, count: 1 }],
    });
    try {
      expect((await createSession(faulty.url)).status).toBe(500);
      expect((await createSession(faulty.url)).status).toBe(200);
    } finally {
      await faulty.close();
    }
  });

  it('throws a SandboxConfigError for bad options', async () => {
    await expect(startSandbox({ port: 0, faults: [{ target: 'x' } as never] })).rejects.toThrow(
      SandboxConfigError,
    );
    await expect(startSandbox({ port: 0, maxAttempts: 0 })).rejects.toThrow(
      /maxAttempts must be an integer from 1 to 10/,
    );
    await expect(startSandbox({ port: 0, participantId: 'abc' })).rejects.toThrow(
      /participantId must be digits/,
    );
    await expect(startSandbox({ port: 0, allowedOrigins: ['localhost'] })).rejects.toThrow(
      /allowed-origin pattern/,
    );
    await expect(startSandbox({ port: 0, allowedOrigins: [] })).rejects.toThrow(
      /at least one origin/,
    );
  });

  it('reports a port in use clearly', async () => {
    const port = Number(new URL(sandbox.url).port);
    await expect(startSandbox({ port })).rejects.toThrow(/already in use/);
  });

  it('close() is idempotent', async () => {
    const extra = await startSandbox({ port: 0 });
    await Promise.all([extra.close(), extra.close()]);
    await expect(rawRequest(extra.url, 'GET', '/', {})).rejects.toThrow();
  });
});
