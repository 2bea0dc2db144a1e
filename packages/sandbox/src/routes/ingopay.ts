/** IngoPay push `POST /gateway/process` and pull `POST /gateway/v12/debit/process` (src/ingopay.ts). */
import { SANDBOX_DEFAULTS } from '../config.js';
import { applyFault } from '../fault-answers.js';
import type { ActiveFault } from '../faults.js';
import {
  dropConnection,
  HttpError,
  json,
  type RouteContext,
  readBody,
  type SandboxRouter,
  wireRequest,
} from '../http.js';
import { createIngoPay, PULL_PATH, PUSH_PATH } from '../ingopay.js';

export function ingoPayRoutes(app: SandboxRouter, { store }: RouteContext): void {
  const { config } = store;
  const ingoPay = createIngoPay({
    store: store.ingoPay,
    username: config.username,
    secret: config.secret,
    participantId: config.participantId,
    ledger: config.ledger,
    slowMs: config.ingoPaySlowMs,
    maxSkewSeconds: SANDBOX_DEFAULTS.maxClockSkewSeconds,
    now: config.now,
    log: config.log,
    delay: store.delay,
  });

  for (const path of [PUSH_PATH, PULL_PATH]) {
    const kind = path === PUSH_PATH ? 'push' : 'pull';
    app.post(path, async (c) => {
      let passed: ActiveFault | undefined;
      const faulted = await applyFault(store, 'ingopay', (fault) => {
        passed = fault;
      });
      if (faulted) return faulted;
      const body = await readBody(c.req.raw);
      const answer = await ingoPay.handle(
        kind,
        { method: c.req.method, ...wireRequest(c), body },
        passed?.ingoStatus === undefined ? {} : { ingoStatus: passed.ingoStatus },
      );
      if (passed?.dropAfterCommit) {
        // Processed (and committed, or replayed) in full; only the answer is lost.
        if (answer.transaction)
          store.ingoPay.log(answer.transaction, 'answer_dropped', { status: answer.status });
        config.log(`${kind} ${path}: answer dropped after processing (fault dropAfterCommit)`);
        return dropConnection();
      }
      return json(answer.status, answer.body);
    });
    app.all(path, () => {
      throw new HttpError(405, `use POST ${path}`);
    });
  }
}
