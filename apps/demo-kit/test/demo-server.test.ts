import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '@ingo-embed/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoMiddleware } from '../src/vite.js';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let server: Server;
let base: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  const middleware = createDemoMiddleware({ env: { INGO_SESSION_API_URL: sandbox.url } });
  server = createServer((req, res) =>
    middleware(req, res, () => {
      res.statusCode = 404;
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await sandbox.close();
});

const post = (cookie: string, body: unknown) =>
  fetch(`${base}/api/ingo/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });

describe('demo server', () => {
  it('hands out the visitor cookie with the page, so the first API calls agree on the visitor', async () => {
    const page = await fetch(`${base}/`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^ingo_demo_visitor=/);
    // What the page does at once: the recipient form and the funding form call in parallel; a
    // retry later asks again with the same idempotency key and must get the same session.
    const request = {
      idempotencyKey: '7b1e7c9a-2f3d-4c5e-8a6b-9c0d1e2f3a4b',
      destination: 'debit',
    };
    const [profile, first] = await Promise.all([
      fetch(`${base}/api/demo/recipient`, { headers: { cookie } }),
      post(cookie, request),
    ]);
    expect(profile.headers.get('set-cookie')).toBeNull();
    const retried = await post(cookie, request);
    const sessionOf = async (response: Response) =>
      /\/session\/([^/?#]+)/.exec((await response.json()).authorizedUrl)?.[1];
    const firstSession = await sessionOf(first);
    expect(firstSession).toBeDefined();
    expect(await sessionOf(retried)).toBe(firstSession);
  });

  it('creates a sandbox session for the visitor recipient stored on the server', async () => {
    const profile = await fetch(`${base}/api/demo/recipient`);
    const cookie = (profile.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^ingo_demo_visitor=/);
    expect(await profile.json()).toMatchObject({ firstName: 'Jane', lastName: 'Doe' });

    const saved = await fetch(`${base}/api/demo/recipient`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ firstName: ' Ana ', lastName: 'Lima', state: 'GA', evil: 'x' }),
    });
    expect(await saved.json()).toEqual({ firstName: 'Ana', lastName: 'Lima', state: 'GA' });

    const response = await post(cookie, {
      idempotencyKey: '3f2a1b4c-9d8e-4f6a-9b4c-3d2e1f0a9b8c',
      destination: 'debit',
    });
    expect(response.status).toBe(200);
    const session = await response.json();
    expect(session.authorizedUrl.startsWith(`${sandbox.url}/session/`)).toBe(true);
    expect(session.sdkUrl).toBe(`${sandbox.url}/sdk.js`);

    const log = await (await fetch(`${sandbox.url}/__sandbox/sessions`)).json();
    expect(JSON.stringify(log)).toContain('Lima');
  });

  it('refuses a browser that tries to choose the recipient', async () => {
    const response = await post('ingo_demo_visitor=0b0b0b0b-0000-4000-8000-000000000000', {
      idempotencyKey: '3f2a1b4c-9d8e-4f6a-9b4c-3d2e1f0a9b8d',
      destination: 'debit',
      recipient: { firstName: 'Mallory' },
    });
    expect(response.status).toBe(400);
  });
});

describe('recipient profile', () => {
  it('refuses invalid details with the fields to fix, and keeps the saved ones', async () => {
    const cookie = 'ingo_demo_visitor=1c1c1c1c-0000-4000-8000-000000000000';
    const response = await fetch(`${base}/api/demo/recipient`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ firstName: 'Jane', lastName: 'Doe', zipCode: '123' }),
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.fields).toEqual(['zipCode']);
    expect(body.error.message).toContain('zipCode');
    const kept = await (await fetch(`${base}/api/demo/recipient`, { headers: { cookie } })).json();
    expect(kept.zipCode).toBe('30301');
  });
});
