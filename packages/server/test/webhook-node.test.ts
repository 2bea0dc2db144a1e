import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hmacSignatureVerifier, IngoConfigError, toNodeHandler } from '../src/index.js';
import { sign, tokenization, webhookSetup } from './webhook-helpers.js';

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
  host = '127.0.0.1',
): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('webhook handler through toNodeHandler', () => {
  it('passes the socket address as remoteAddress, which the allowlist checks', async () => {
    const { handler, deliveries } = webhookSetup({ ipAllowlist: 'local' });
    const url = await listen(handler.toNodeHandler());
    const response = await post(url, tokenization('node-1'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(deliveries[0]?.remoteAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('passes an IPv6 peer address too', async () => {
    const { handler, deliveries } = webhookSetup({ ipAllowlist: 'local' });
    let url: string;
    try {
      url = await listen(handler.toNodeHandler(), '::1');
    } catch {
      return; // no IPv6 loopback on this machine
    }
    expect((await post(url, tokenization('node-6'))).status).toBe(200);
    expect(deliveries[0]?.remoteAddress).toBe('::1');
  });

  it('refuses with 403 when the socket address is not allowed', async () => {
    const { handler, onEvent, onError } = webhookSetup({ ipAllowlist: 'production' });
    const url = await listen(handler.toNodeHandler());
    const response = await post(url, tokenization('node-2'));
    expect(response.status).toBe(403);
    expect(onEvent).not.toHaveBeenCalled();
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ reason: 'ip_not_allowed' });
  });

  it('verifies a signature over the raw bytes, also after express.raw()', async () => {
    const { handler, deliveries } = webhookSetup({
      verifySignature: hmacSignatureVerifier({ secret: 'sandbox-webhook-secret' }),
    });
    const middleware = handler.toNodeHandler();
    const url = await listen(async (req, res) => {
      if (req.url === '/raw') {
        // What express.raw() does: consume the stream, then set req.body to a Buffer.
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        Object.assign(req, { body: Buffer.concat(chunks) });
      }
      await middleware(req, res);
    });
    const body = tokenization('node-3');
    expect((await post(url, body, { 'x-ingo-signature': sign(body) })).status).toBe(200);
    const body2 = tokenization('node-4');
    expect((await post(`${url}/raw`, body2, { 'x-ingo-signature': sign(body2) })).status).toBe(200);
    expect(
      (await post(url, tokenization('node-5'), { 'x-ingo-signature': sign(body) })).status,
    ).toBe(401);
    expect(deliveries.map((d) => d.signature)).toEqual(['verified', 'verified']);
  });

  it('refuses a body express.json() already parsed, telling next() why', async () => {
    const { handler, onEvent } = webhookSetup();
    const middleware = handler.toNodeHandler();
    const next = vi.fn();
    const url = await listen(async (req, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      Object.assign(req, { body: JSON.parse(text) });
      await middleware(req, res, (error) => {
        next(error);
        res.statusCode = 500;
        res.end();
      });
    });
    expect((await post(url, tokenization('node-7'))).status).toBe(500);
    expect(next.mock.calls[0]?.[0]).toBeInstanceOf(IngoConfigError);
    expect(String(next.mock.calls[0]?.[0].message)).toMatch(/express\.raw/);
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 413 above maxBodyBytes before reading it all', async () => {
    const { handler } = webhookSetup({ maxBodyBytes: 1024 });
    const url = await listen(handler.toNodeHandler());
    expect((await post(url, `{"pad":"${'x'.repeat(4096)}"}`)).status).toBe(413);
  });

  it('leaves the session handler’s use of toNodeHandler unchanged: context is optional', async () => {
    const seen = vi.fn();
    const url = await listen(
      toNodeHandler(async (request, context) => {
        seen(request.method, context.remoteAddress);
        return new Response(null, { status: 204 });
      }),
    );
    expect((await fetch(url, { method: 'POST', body: 'x' })).status).toBe(204);
    expect(seen).toHaveBeenCalledWith('POST', expect.stringMatching(/127\.0\.0\.1$/));
  });
});
