/**
 * The test-only control API under `/__sandbox/`: sessions, reset, faults, IngoPay transactions
 * and tokens, and the event envelope (webhooks: routes/webhooks.ts). No CORS: call it from Node.
 */
import { HttpError, json, type RouteContext, readJson, type SandboxRouter } from '../http.js';
import { EVENT_ENVELOPES, isEventEnvelope } from '../protocol.js';
import { parseTokenRequest } from '../store.js';

export function controlRoutes(app: SandboxRouter, { store }: RouteContext): void {
  const { state } = store;

  app.get('/__sandbox/sessions', () => json(200, { sessions: state.sessions() }));
  app.post('/__sandbox/reset', () => {
    state.reset();
    return json(200, { ok: true });
  });

  app.get('/__sandbox/faults', () => json(200, { faults: state.faults.list() }));
  app.delete('/__sandbox/faults', () => {
    state.faults.clear();
    return json(200, { faults: [] });
  });
  app.post('/__sandbox/faults', async (c) => {
    const input = await readJson(
      c.req.raw,
      'the fault body must be JSON, e.g. {"target":"session","status":503,"count":1}',
    );
    return json(201, { faults: state.faults.add(input as never) });
  });

  app.get('/__sandbox/transactions', () => json(200, { transactions: state.transactions() }));
  app.get('/__sandbox/tokens', () => json(200, { tokens: state.tokens() }));
  app.post('/__sandbox/tokens', async (c) => {
    const input = await readJson(
      c.req.raw,
      'the token body must be JSON, e.g. {"destination":"debit"}',
    );
    const parsed = parseTokenRequest(input);
    if (!parsed.ok) throw new HttpError(400, parsed.message);
    const token = state.mintToken(parsed.destination);
    return json(201, {
      customer_account_token: token.customer_account_token,
      destination: token.destination,
    });
  });

  app.get('/__sandbox/settings', () => json(200, { eventEnvelope: state.eventEnvelope }));
  app.put('/__sandbox/settings', async (c) => {
    const input = await readJson(
      c.req.raw,
      'the settings body must be JSON, e.g. {"eventEnvelope":"content"}',
    );
    const { eventEnvelope, ...rest } = (input ?? {}) as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined)
      throw new HttpError(400, `unknown setting "${extra}"; known: eventEnvelope`);
    if (eventEnvelope !== undefined) {
      if (!isEventEnvelope(eventEnvelope)) {
        throw new HttpError(400, `eventEnvelope must be one of ${EVENT_ENVELOPES.join(', ')}`);
      }
      state.eventEnvelope = eventEnvelope;
    }
    return json(200, { eventEnvelope: state.eventEnvelope });
  });
}

/** Registered last under /__sandbox/: anything else is an unknown control endpoint. */
export function unknownControlRoute(app: SandboxRouter): void {
  app.all('/__sandbox/*', (c) => {
    throw new HttpError(
      404,
      `unknown control endpoint ${c.req.method} ${c.req.path}; see the README`,
    );
  });
}
