import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIngoClient, createSessionHandler, toNodeHandler } from '../src/index.js';
import { fakeFetch, RECIPIENT, sessionOk } from './helpers.js';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

async function listen(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function sessionHandler() {
  const ingo = fakeFetch({ status: 200, body: sessionOk() });
  const client = createIngoClient({
    username: 'merchant',
    secret: 'merchant-secret',
    environment: 'sandbox',
    fetch: ingo,
  });
  const handler = createSessionHandler({
    client,
    resolveSession: (request) =>
      request.headers.get('authorization') === 'Bearer alice'
        ? { subject: 'alice', recipient: RECIPIENT }
        : null,
    sdkUrl: '/sdk.js',
  });
  return { handler, ingo };
}

const GOOD = JSON.stringify({
  idempotencyKey: '6f1c2b9e-8a51-4c57-9d0e-2f1a3b4c5d6e',
  destination: 'debit',
});
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer alice' };

describe('toNodeHandler with node:http', () => {
  it('serves the session contract', async () => {
    const { handler } = sessionHandler();
    const url = await listen(handler.toNodeHandler());
    const response = await fetch(`${url}/api/ingo/session`, {
      method: 'POST',
      headers: HEADERS,
      body: GOOD,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      authorizedUrl: 'https://webplugin-uat.example.com/session/7830227a?t=1&h=x',
      expiresAt: '2030-12-10T20:14:19.763941Z',
      sessionId: '7830227a-ba47-4d28-9416-cad41a446db7',
      sdkUrl: '/sdk.js',
    });
  });

  it('passes the request line, headers and non-ASCII bodies through to the Fetch handler', async () => {
    const seen = vi.fn();
    const url = await listen(
      toNodeHandler(async (request) => {
        seen(request.method, request.url, request.headers.get('x-custom'), await request.text());
        return new Response('ok', { status: 201, headers: { 'x-answer': 'yes' } });
      }),
    );
    const response = await fetch(`${url}/a/b?c=d`, {
      method: 'POST',
      headers: { 'x-custom': 'value', host: 'app.example.com' },
      body: 'Zoë → 東京',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-answer')).toBe('yes');
    expect(seen).toHaveBeenCalledWith(
      'POST',
      expect.stringMatching(/\/a\/b\?c=d$/),
      'value',
      'Zoë → 東京',
    );
  });

  it('answers 413 to an upload larger than the handler’s limit, without calling Ingo', async () => {
    const { handler, ingo } = sessionHandler();
    const url = await listen(handler.toNodeHandler());
    const response = await fetch(url, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ idempotencyKey: 'k'.repeat(10_000), destination: 'debit' }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(ingo.calls).toHaveLength(0);
  });

  it('answers 413 to a chunked upload that grows past the limit', async () => {
    const url = await listen(
      toNodeHandler(async () => new Response('unreachable'), { maxBodyBytes: 1024 }),
    );
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // No Content-Length: the limit must be enforced while streaming.
      for (let i = 0; i < 8; i++) req.write('x'.repeat(512));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers 405 to GET through the session handler', async () => {
    const { handler } = sessionHandler();
    const url = await listen(handler.toNodeHandler());
    const response = await fetch(url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('toNodeHandler as Express / Connect middleware', () => {
  it('uses a body that express.json() already parsed', async () => {
    const { handler, ingo } = sessionHandler();
    const middleware = handler.toNodeHandler();
    const url = await listen(async (req, res) => {
      // What express.json() does: consume the stream, then set req.body.
      let text = '';
      for await (const chunk of req) text += chunk;
      Object.assign(req, { body: JSON.parse(text) });
      await middleware(req, res, () => res.end('next called'));
    });
    const response = await fetch(url, { method: 'POST', headers: HEADERS, body: GOOD });
    expect(response.status).toBe(200);
    expect(ingo.calls).toHaveLength(1);
  });

  it('still refuses extra fields in a body a parser already read', async () => {
    const { handler } = sessionHandler();
    const middleware = handler.toNodeHandler();
    const url = await listen(async (req, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      Object.assign(req, { body: JSON.parse(text) });
      await middleware(req, res);
    });
    const body = JSON.stringify({ ...JSON.parse(GOOD), recipient: { firstName: 'Mallory' } });
    const response = await fetch(url, { method: 'POST', headers: HEADERS, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'unexpected_field' } });
  });

  it('works behind a Connect-style mount that rewrote req.url', async () => {
    const { handler } = sessionHandler();
    const middleware = handler.toNodeHandler();
    const url = await listen((req, res) => {
      // Connect strips the mount path, e.g. app.use('/api/ingo/session', middleware).
      req.url = '/';
      void middleware(req, res, (error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    const response = await fetch(`${url}/api/ingo/session`, {
      method: 'POST',
      headers: HEADERS,
      body: GOOD,
    });
    expect(response.status).toBe(200);
  });

  it('hands unexpected errors to next() when there is one', async () => {
    const failure = new Error('boom');
    const middleware = toNodeHandler(async () => {
      throw failure;
    });
    const next = vi.fn();
    const url = await listen(async (req, res) => {
      await middleware(req, res, (error) => {
        next(error);
        res.statusCode = 599;
        res.end();
      });
    });
    const response = await fetch(url, { method: 'POST', body: '{}' });
    expect(response.status).toBe(599);
    expect(next).toHaveBeenCalledWith(failure);
  });

  it('answers 500 JSON for unexpected errors when there is no next()', async () => {
    const url = await listen(
      toNodeHandler(async () => {
        throw new Error('secret detail');
      }),
    );
    const response = await fetch(url, { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret detail');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal_error' } });
  });
});
