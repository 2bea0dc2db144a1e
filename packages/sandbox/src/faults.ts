/**
 * Fault injection for tests and benchmarks. A fault applies to the requests of one target:
 * - `session`:  POST /api/v1/sessions/point-in-time/plugin
 * - `sdk`:      GET /sdk.js
 * - `page`:     GET /session/:id (the hosted iFrame page)
 * - `page-api`: the hosted page's own calls (verify, confirm, biller search, …)
 * - `ingopay`:  POST /gateway/process (push) and POST /gateway/v12/debit/process (pull)
 *
 * `latencyMs` delays the request; then `drop` closes the connection without an answer,
 * `status` answers that HTTP status instead of the real answer, `malformed` answers 200 with a
 * truncated body (invalid JSON, or a broken script/page). A fault without drop/status/malformed
 * only delays: the request is then handled normally. A fault that answers instead replaces the
 * real handling (the request has no effect). `count` limits the fault to the next N requests of
 * its target; without it the fault stays until reset.
 *
 * `dropAfterCommit` (target `ingopay` only) is the opposite of `drop`: the request is processed
 * fully (a transaction is committed, or a replay is logged) and only then is the connection
 * destroyed without an answer — the "push with no answer" case Ingo tells clients to assume
 * succeeded. `ingoStatus` (target `ingopay` only) answers a signed, valid request with that Ingo
 * body status instead of processing it, e.g. 700 to show a decline with any amount.
 */

export const FAULT_TARGETS = ['session', 'sdk', 'page', 'page-api', 'ingopay'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export interface FaultSpec {
  target: FaultTarget;
  latencyMs?: number;
  status?: number;
  drop?: boolean;
  malformed?: boolean;
  /** Target `ingopay` only: process and commit, then destroy the connection without answering. */
  dropAfterCommit?: boolean;
  /**
   * Target `ingopay` only: a signed, valid request is answered with this Ingo body status (e.g.
   * 700, a decline) instead of being processed; nothing is stored.
   */
  ingoStatus?: number;
  count?: number;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  /** Requests it has applied to so far. */
  applied: number;
}

export class InvalidFaultError extends Error {
  override name = 'InvalidFaultError';
}

const KEYS = new Set([
  'target',
  'latencyMs',
  'status',
  'drop',
  'malformed',
  'dropAfterCommit',
  'ingoStatus',
  'count',
]);

/** Checks a fault given as JSON or as a `startSandbox` option; throws InvalidFaultError. */
export function parseFault(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidFaultError(
      'a fault must be an object such as { "target": "session", "status": 503 }',
    );
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) {
      throw new InvalidFaultError(`unknown fault field "${key}"; known: ${[...KEYS].join(', ')}`);
    }
  }
  if (!(FAULT_TARGETS as readonly unknown[]).includes(raw.target)) {
    throw new InvalidFaultError(`fault target must be one of ${FAULT_TARGETS.join(', ')}`);
  }
  const spec: FaultSpec = { target: raw.target as FaultTarget };
  const integer = (key: string, min: number, max: number): number | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new InvalidFaultError(`fault ${key} must be an integer from ${min} to ${max}`);
    }
    return value;
  };
  const flag = (key: string): boolean | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean')
      throw new InvalidFaultError(`fault ${key} must be true or false`);
    return value;
  };
  const latencyMs = integer('latencyMs', 0, 120_000);
  const status = integer('status', 400, 599);
  const count = integer('count', 1, 1_000_000);
  const drop = flag('drop');
  const malformed = flag('malformed');
  const dropAfterCommit = flag('dropAfterCommit');
  if (latencyMs !== undefined) spec.latencyMs = latencyMs;
  if (status !== undefined) spec.status = status;
  if (count !== undefined) spec.count = count;
  if (drop !== undefined) spec.drop = drop;
  if (malformed !== undefined) spec.malformed = malformed;
  if (dropAfterCommit !== undefined) {
    if (spec.target !== 'ingopay') {
      throw new InvalidFaultError(
        'fault dropAfterCommit applies only to target "ingopay" (the other targets commit nothing)',
      );
    }
    spec.dropAfterCommit = dropAfterCommit;
  }
  const ingoStatus = integer('ingoStatus', 105, 99_999);
  if (ingoStatus !== undefined) {
    if (spec.target !== 'ingopay') {
      throw new InvalidFaultError('fault ingoStatus applies only to target "ingopay"');
    }
    spec.ingoStatus = ingoStatus;
  }
  const answers = [
    spec.drop,
    spec.status !== undefined,
    spec.malformed,
    spec.dropAfterCommit,
    spec.ingoStatus !== undefined,
  ].filter(Boolean).length;
  if (answers > 1) {
    throw new InvalidFaultError(
      'a fault can do only one of drop, status and malformed (or dropAfterCommit, ingoStatus); add two faults to chain them',
    );
  }
  if (answers === 0 && spec.latencyMs === undefined) {
    throw new InvalidFaultError(
      'a fault needs latencyMs, status, drop or malformed (or dropAfterCommit, ingoStatus for ingopay)',
    );
  }
  return spec;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { ...spec, id: this.nextId++, applied: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): ActiveFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault of the target still in force, counted as applied to this request. */
  take(target: FaultTarget): ActiveFault | undefined {
    const fault = this.faults.find((f) => f.target === target);
    if (!fault) return undefined;
    fault.applied += 1;
    if (fault.count !== undefined && fault.applied >= fault.count) {
      this.faults = this.faults.filter((f) => f !== fault);
    }
    return { ...fault };
  }
}
