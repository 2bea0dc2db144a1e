/** How a fault answers a request of its target (faults.ts says which faults exist). */
import type { ActiveFault, FaultTarget } from './faults.js';
import { dropConnection, json, text } from './http.js';
import type { Store } from './store.js';

/** What a `malformed` fault answers per target: the start of a real answer, cut off. */
const MALFORMED: Record<FaultTarget, { type: string; body: string }> = {
  session: {
    type: 'application/json; charset=utf-8',
    body: '{"status":100,"client_message":"Succ',
  },
  'page-api': { type: 'application/json; charset=utf-8', body: '{"result":"ver' },
  sdk: {
    type: 'text/javascript; charset=utf-8',
    body: 'window.IngoInstantPayments = { create: function (',
  },
  page: { type: 'text/html; charset=utf-8', body: '<!doctype html><html><head><title>Ingo' },
  ingopay: {
    type: 'application/json; charset=utf-8',
    body: '{"status":100,"client_message":"Succ',
  },
};

const JSON_TARGETS: readonly FaultTarget[] = ['session', 'page-api', 'ingopay'];

/**
 * Applies the next fault of `target`: waits its latency, then answers (or drops) instead of the
 * real handling. Undefined when there is no fault or it lets the request through (latency only,
 * dropAfterCommit, ingoStatus); such a fault goes to `onPass`.
 */
export async function applyFault(
  store: Store,
  target: FaultTarget,
  onPass?: (fault: ActiveFault) => void,
): Promise<Response | undefined> {
  const fault = store.faults.take(target);
  if (!fault) return undefined;
  if (fault.latencyMs) await store.delay(fault.latencyMs);
  if (fault.drop) return dropConnection();
  if (fault.status !== undefined) {
    return JSON_TARGETS.includes(target)
      ? json(fault.status, {
          status: fault.status,
          client_message: `Injected fault: HTTP ${fault.status}`,
        })
      : text(fault.status, 'text/plain; charset=utf-8', `Injected fault: HTTP ${fault.status}`);
  }
  if (fault.malformed) {
    const { type, body } = MALFORMED[target];
    return text(200, type, body);
  }
  onPass?.(fault);
  return undefined;
}
