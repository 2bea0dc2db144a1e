/**
 * IngoPay request checking, the shared part: the wire types, the problem list (Ingo's codes: a
 * required field missing or null → 400; present but incorrect → 401) and how a checked body
 * becomes the request the handler acts on. The push and pull rules: ingopay-request.ts.
 */
import { canonicalJson } from './session-store.js';

export const PUSH_ACCOUNT_TYPES = ['CA', 'AC', 'SD', 'RT', 'BP', 'PD', 'PU', 'VE', 'CK'] as const;
export type PushAccountType = (typeof PUSH_ACCOUNT_TYPES)[number];
export const PULL_ACCOUNT_TYPES = ['CA', 'AC', 'SD'] as const;
export type IngoPayAccountType = PushAccountType;
export type IngoPayKind = 'push' | 'pull';

export const LEDGER_ENTITY_TYPES = ['program', 'user', 'business'] as const;

export interface IngoPayProblem {
  field: string;
  message: string;
  /** `missing` → status 400, `incorrect` → status 401. */
  kind: 'missing' | 'incorrect';
}

/** What the emulator needs from a valid request, the same for push and pull. */
export interface IngoPayRequest {
  kind: IngoPayKind;
  accountType: IngoPayAccountType;
  /** The amount in cents (integer), so `.70`-style test amounts compare exactly. */
  amountCents: number;
  customerAccountToken: string;
  participantUniqueId1: string;
  participantUniqueId2?: string;
  /** The body timestamp in Unix seconds (integer on push, digit string on pull). */
  timestampSeconds: number;
  /** Canonical JSON of the body without its timestamp: tells a replay from a different request. */
  fingerprint: string;
  /** The same body flattened to `path → JSON value`, for the body-mismatch warning. */
  flat: Record<string, string>;
}

export type IngoPayValidation =
  | { ok: true; value: IngoPayRequest }
  | { ok: false; status: 400 | 401; problems: IngoPayProblem[] };

export interface IngoPayValidationContext {
  /** The sandbox's participant id (digits). */
  participantId: string;
  /** A ledger program requires the `ledger` object; other programs ignore it. */
  ledger: boolean;
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}

export class Problems {
  readonly list: IngoPayProblem[] = [];

  missing(field: string, message = 'is required'): undefined {
    this.list.push({ field, message, kind: 'missing' });
    return undefined;
  }

  incorrect(field: string, message: string): undefined {
    this.list.push({ field, message, kind: 'incorrect' });
    return undefined;
  }

  /** True when the value is missing or null (recorded as a missing problem when required). */
  private absent(field: string, value: unknown, required: boolean): boolean {
    if (value === undefined || value === null) {
      if (required) this.missing(field, value === null ? 'is required (got null)' : 'is required');
      return true;
    }
    return false;
  }

  string(
    field: string,
    value: unknown,
    rule: { required?: boolean; max: number; pattern?: RegExp; hint?: string; numberHint?: string },
  ): string | undefined {
    if (this.absent(field, value, rule.required === true)) return undefined;
    if (typeof value !== 'string') {
      return this.incorrect(
        field,
        `must be a JSON string${rule.numberHint && typeof value === 'number' ? ` ${rule.numberHint}` : ''}, got ${describeValue(value)}`,
      );
    }
    if (value === '') {
      return rule.required ? this.missing(field, 'is required (got an empty string)') : undefined;
    }
    if (value.length > rule.max) {
      return this.incorrect(field, `must be at most ${rule.max} characters (got ${value.length})`);
    }
    if (rule.pattern && !rule.pattern.test(value)) {
      return this.incorrect(field, `must be ${rule.hint ?? `like ${rule.pattern}`}`);
    }
    return value;
  }

  integer(
    field: string,
    value: unknown,
    rule: { required?: boolean; min?: number; max?: number; stringHint?: string },
  ): number | undefined {
    if (this.absent(field, value, rule.required === true)) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return this.incorrect(
        field,
        `must be a JSON integer${typeof value === 'string' && rule.stringHint ? ` ${rule.stringHint}` : ''}, got ${describeValue(value)}`,
      );
    }
    if (
      (rule.min !== undefined && value < rule.min) ||
      (rule.max !== undefined && value > rule.max)
    ) {
      return this.incorrect(field, `must be from ${rule.min} to ${rule.max}, got ${value}`);
    }
    return value;
  }

  object(field: string, value: unknown, required: boolean): Json | undefined {
    if (this.absent(field, value, required)) return undefined;
    if (!isObject(value))
      return this.incorrect(field, `must be a JSON object, got ${describeValue(value)}`);
    return value;
  }

  unknownKeys(prefix: string, value: Json, known: readonly string[], what: string): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.incorrect(`${prefix}${key}`, `is not ${what}`);
    }
  }

  /** 400 when anything required is missing, otherwise 401. */
  status(): 400 | 401 {
    return this.list.some((p) => p.kind === 'missing') ? 400 : 401;
  }
}

export function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value))
      flatten(item, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = canonicalJson(value);
  }
  return out;
}

export function withoutTimestamp(body: Json, kind: IngoPayKind): Json {
  if (kind === 'push') {
    const { timestamp: _timestamp, ...rest } = body;
    return rest;
  }
  const request = isObject(body.request) ? body.request : {};
  const { timestamp: _timestamp, ...requestRest } = request;
  return { ...body, request: requestRest };
}

export function identity(body: Json, kind: IngoPayKind) {
  const stripped = withoutTimestamp(body, kind);
  return { fingerprint: canonicalJson(stripped), flat: flatten(stripped) };
}

/** The fields every push and pull needs, as the checks above found them. */
export interface Essentials {
  accountType: PushAccountType | undefined;
  amountCents: number | undefined;
  token: string | undefined;
  id1: string | undefined;
  id2: string | undefined;
  timestamp: number | undefined;
}

/** Every problem found, or the request the handler acts on. */
export function conclude(
  kind: IngoPayKind,
  body: Json,
  p: Problems,
  found: Essentials,
): IngoPayValidation {
  const { accountType, amountCents, token, id1, id2, timestamp } = found;
  if (
    p.list.length > 0 ||
    accountType === undefined ||
    amountCents === undefined ||
    token === undefined ||
    id1 === undefined ||
    timestamp === undefined
  ) {
    return { ok: false, status: p.status(), problems: p.list };
  }
  return {
    ok: true,
    value: {
      kind,
      accountType,
      amountCents,
      customerAccountToken: token,
      participantUniqueId1: id1,
      ...(id2 === undefined ? {} : { participantUniqueId2: id2 }),
      timestampSeconds: timestamp,
      ...identity(body, kind),
    },
  };
}
