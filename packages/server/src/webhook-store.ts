/**
 * Deduplication of webhook deliveries by `metadata.id`: the store interface customers implement
 * (on the database they already have), and an in-memory one for tests and demos.
 */
import { IngoConfigError } from './errors.js';

/**
 * What {@link WebhookStore.begin} found:
 * - `new`: nobody had claimed this id (or an earlier claim expired); it is now claimed by the
 *   caller, which will call `complete` or `release`;
 * - `done`: an earlier delivery completed it; answered 200 without running `onEvent`;
 * - `in_progress`: another delivery holds an unexpired claim; answered 409 so Ingo retries later.
 */
export type WebhookBeginResult = 'new' | 'done' | 'in_progress';

/**
 * Remembers which webhook ids were processed, shared by every process that receives webhooks
 * (a database table, Redis). See the README for PostgreSQL and Redis versions.
 */
export interface WebhookStore {
  /**
   * Atomically claims `id`, or says why not. Must be atomic across processes: two concurrent
   * calls for one id must never both get `new`. The claim expires after `lease.leaseMs`, so a
   * process that crashed while holding it does not block Ingo's later retries forever.
   */
  begin(id: string, lease: { leaseMs: number }): Promise<WebhookBeginResult>;
  /** `onEvent` succeeded: remember `id` as done (keep it ≥ 7 days; Ingo's retry horizon is unknown). */
  complete(id: string): Promise<void>;
  /** `onEvent` failed or ran out of time: forget the claim, so that Ingo's next attempt runs it again. */
  release(id: string): Promise<void>;
}

export interface MemoryWebhookStoreOptions {
  /** How long a completed id is remembered, in milliseconds. Default 7 days. */
  ttlMs?: number;
}

interface Entry {
  state: 'in_progress' | 'done';
  expiresAt: number;
}

/**
 * A {@link WebhookStore} in this process's memory: for tests, demos and single-process servers.
 * Ids are lost on restart and not shared between processes or serverless instances, so in
 * production use a database-backed store (README: PostgreSQL, Redis).
 */
export function createMemoryWebhookStore(
  options: MemoryWebhookStoreOptions = {},
): WebhookStore & { readonly size: number } {
  const ttlMs = options.ttlMs ?? 7 * 24 * 60 * 60 * 1000;
  if (!Number.isInteger(ttlMs) || ttlMs < 1) {
    throw new IngoConfigError('createMemoryWebhookStore: ttlMs must be a positive integer.');
  }
  const entries = new Map<string, Entry>();
  let nextSweep = 0;

  const sweep = (now: number) => {
    if (now < nextSweep) return;
    nextSweep = now + 60_000;
    for (const [id, entry] of entries) if (entry.expiresAt <= now) entries.delete(id);
  };

  return {
    get size() {
      return entries.size;
    },
    async begin(id, lease) {
      const now = Date.now();
      sweep(now);
      const entry = entries.get(id);
      if (entry && entry.expiresAt > now) return entry.state === 'done' ? 'done' : 'in_progress';
      entries.set(id, { state: 'in_progress', expiresAt: now + lease.leaseMs });
      return 'new';
    },
    async complete(id) {
      entries.set(id, { state: 'done', expiresAt: Date.now() + ttlMs });
    },
    async release(id) {
      if (entries.get(id)?.state === 'in_progress') entries.delete(id);
    },
  };
}
