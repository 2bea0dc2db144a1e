/**
 * Sessions, idempotency keys and issued URLs (part of the one store, src/store.ts). Every method takes
 * time from the injected clock, so tests can move time instead of waiting.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FundingDestination } from './protocol.js';
import type { SessionCreateBody } from './session-request.js';

export type SessionState = 'active' | 'completed' | 'terminated';

export interface SessionLogEntry {
  at: string;
  what: string;
  [detail: string]: unknown;
}

/** One iframe load of a valid URL; only the newest mount of a session may act. */
export interface Mount {
  pageToken: string;
  tracerToken: string;
  destination: FundingDestination;
  /** The account entered on the form, kept for the confirmation step (never logged). */
  pending?: { destination: FundingDestination; account: Record<string, string> };
  /** After a terminal failure the mount is spent: the host re-authorizes and mounts again. */
  spent: boolean;
}

export interface Session {
  id: string;
  state: SessionState;
  createdAtMs: number;
  request: SessionCreateBody;
  idempotencyKey?: string;
  failedAttempts: number;
  urlsIssued: number;
  customerAccountToken?: string;
  mount?: Mount;
  log: SessionLogEntry[];
}

export interface IssuedUrl {
  url: string;
  expiresAtMs: number;
  /** ISO-8601 with 6 fractional digits, like Ingo's `authorized_url_expiration_utc`. */
  expirationUtc: string;
}

export type UrlCheck =
  | { ok: true; session: Session; urlId: string }
  | { ok: false; reason: 'tampered' | 'used' | 'expired' | 'ended'; session?: Session };

export type IdempotencyResult =
  | { kind: 'new' }
  | { kind: 'replay'; session: Session }
  | { kind: 'mismatch'; session: Session };

/** .NET `DateTime.Ticks` at the Unix epoch: Ingo's `t` parameter decodes as ticks. */
const EPOCH_TICKS = 621355968000000000n;

function ticksToIso(ticks: bigint): { ms: number; iso: string } {
  const sinceEpoch = ticks - EPOCH_TICKS;
  const ms = Number(sinceEpoch / 10000n);
  const micros = Number((sinceEpoch / 10n) % 1000000n);
  const iso = `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
  return { ms, iso };
}

/** Canonical JSON (sorted keys), so the same parameters match whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface StoreOptions {
  now: () => number;
  urlTtlSeconds: number;
  idempotencyWindowSeconds: number;
}

export class SessionStore {
  readonly sessions = new Map<string, Session>();
  private readonly idempotency = new Map<
    string,
    { sessionId: string; fingerprint: string; atMs: number }
  >();
  private readonly usedUrls = new Set<string>();
  /** Per-process key for the URL integrity tag: URLs do not survive a restart, like real ones. */
  private readonly urlKey = randomBytes(32);
  private lastTicks = 0n;

  constructor(private readonly options: StoreOptions) {}

  now(): number {
    return this.options.now();
  }

  log(session: Session, what: string, detail: Record<string, unknown> = {}): void {
    session.log.push({ at: new Date(this.now()).toISOString(), what, ...detail });
  }

  reset(): void {
    this.sessions.clear();
    this.idempotency.clear();
    this.usedUrls.clear();
  }

  lookupIdempotencyKey(key: string, body: SessionCreateBody): IdempotencyResult {
    const entry = this.idempotency.get(key);
    if (!entry) return { kind: 'new' };
    const session = this.sessions.get(entry.sessionId);
    const windowMs = this.options.idempotencyWindowSeconds * 1000;
    if (!session || this.now() - entry.atMs >= windowMs) {
      this.idempotency.delete(key);
      return { kind: 'new' };
    }
    if (entry.fingerprint !== canonicalJson(body)) return { kind: 'mismatch', session };
    return { kind: 'replay', session };
  }

  createSession(body: SessionCreateBody, idempotencyKey: string | undefined): Session {
    const session: Session = {
      id: randomUUID(),
      state: 'active',
      createdAtMs: this.now(),
      request: body,
      failedAttempts: 0,
      urlsIssued: 0,
      log: [],
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    };
    this.sessions.set(session.id, session);
    if (idempotencyKey !== undefined) {
      this.idempotency.set(idempotencyKey, {
        sessionId: session.id,
        fingerprint: canonicalJson(body),
        atMs: this.now(),
      });
    }
    this.log(
      session,
      'created',
      idempotencyKey === undefined ? {} : { idempotency_key: idempotencyKey },
    );
    return session;
  }

  private tag(sessionId: string, ticks: string): Buffer {
    return createHmac('sha256', this.urlKey).update(`${sessionId}:${ticks}`).digest();
  }

  issueUrl(session: Session, baseUrl: string): IssuedUrl {
    const expiresMs = this.now() + this.options.urlTtlSeconds * 1000;
    let ticks = BigInt(expiresMs) * 10000n + EPOCH_TICKS;
    // Strictly increasing, so two URLs issued in the same millisecond still differ.
    if (ticks <= this.lastTicks) ticks = this.lastTicks + 10n;
    this.lastTicks = ticks;
    const t = ticks.toString();
    // Ingo's example escapes the Base64 tag with lower-case percent escapes (%2f, %3d).
    const h = encodeURIComponent(this.tag(session.id, t).toString('base64')).replace(
      /%[0-9A-F]{2}/g,
      (match) => match.toLowerCase(),
    );
    session.urlsIssued += 1;
    const { ms, iso } = ticksToIso(ticks);
    return {
      url: `${baseUrl}/session/${session.id}?t=${t}&h=${h}`,
      expiresAtMs: ms,
      expirationUtc: iso,
    };
  }

  /** Checks an authorized URL's parameters; on success the URL is consumed. */
  consumeUrl(sessionId: string, t: string | null, h: string | null): UrlCheck {
    const session = this.sessions.get(sessionId);
    if (!session || !t || !h || !/^\d{18,19}$/.test(t)) return { ok: false, reason: 'tampered' };
    const given = Buffer.from(h, 'base64');
    const expected = this.tag(session.id, t);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'tampered', session };
    }
    const urlId = `${session.id}:${t}`;
    if (this.usedUrls.has(urlId)) return { ok: false, reason: 'used', session };
    if (this.now() > ticksToIso(BigInt(t)).ms) return { ok: false, reason: 'expired', session };
    if (session.state !== 'active') return { ok: false, reason: 'ended', session };
    this.usedUrls.add(urlId);
    return { ok: true, session, urlId };
  }
}
