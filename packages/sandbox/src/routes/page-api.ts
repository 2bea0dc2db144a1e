/**
 * The hosted page's own API: `POST /session/:id/account` (Continue), `/confirm`, `/cancel`,
 * `/acknowledge` and `GET /session/:id/billers?q=`, authenticated by the page token of the
 * session's newest mount.
 */
import { randomUUID } from 'node:crypto';
import { type AccountInput, checkAccount, type FieldProblem } from '../checks.js';
import { applyFault } from '../fault-answers.js';
import { HttpError, json, type RouteContext, readJson, type SandboxRouter } from '../http.js';
import {
  type AccountAnswer,
  type ConfirmAnswer,
  type FundingDestination,
  PAGE_TOKEN_HEADER,
} from '../protocol.js';
import type { Mount, Session } from '../session-store.js';
import { accountSummary, BILLERS, searchBillers, verificationOutcome } from '../testdata.js';
import { SESSION_ID } from './hosted-page.js';

const METHODS: Record<string, string> = {
  account: 'POST',
  confirm: 'POST',
  cancel: 'POST',
  acknowledge: 'POST',
  billers: 'GET',
};

export function pageApiRoutes(app: SandboxRouter, { store }: RouteContext): void {
  const { config } = store;

  /** The form's Continue: checks the input again (the page is not trusted) and keeps it. */
  async function enterAccount(
    request: Request,
    session: Session,
    mount: Mount,
  ): Promise<[number, AccountAnswer]> {
    const body = await readJson(request, 'the account body is not JSON');
    const { destination, account } = (body ?? {}) as { destination?: unknown; account?: unknown };
    if (destination !== mount.destination) {
      throw new HttpError(
        400,
        `destination must be "${mount.destination}", the one this page was mounted for`,
      );
    }
    if (
      typeof account !== 'object' ||
      account === null ||
      Object.values(account).some((v) => typeof v !== 'string')
    ) {
      throw new HttpError(400, 'account must be an object of strings');
    }
    const input = account as AccountInput;
    const dest = destination as FundingDestination;
    const problems: FieldProblem[] = checkAccount(dest, input, config.now());
    if (dest === 'billpay' && input.biller_id && !BILLERS.some((b) => b.id === input.biller_id)) {
      problems.push({ field: 'biller_id', message: 'biller_unknown' });
    }
    if (problems.length > 0) return [400, { result: 'invalid', errors: problems }];
    mount.pending = { destination: dest, account: { ...input } };
    store.sessions.log(session, 'account_entered', { destination: dest });
    return [200, { result: 'ok', summary: accountSummary(dest, input) }];
  }

  /** The confirmation step's Confirm: verifies the kept account against the test data. */
  function confirmAccount(session: Session, mount: Mount): [number, ConfirmAnswer | object] {
    const pending = mount.pending;
    if (!pending)
      return [409, { error: 'nothing_to_confirm', message: 'Enter an account before confirming.' }];
    delete mount.pending;
    const dest = pending.destination;
    const outcome = verificationOutcome(dest, pending.account);
    if (outcome.kind === 'not_verified') {
      store.sessions.log(session, 'account_not_verified', { destination: dest });
      return [200, { result: 'not_verified' }];
    }
    if (outcome.kind === 'verified') {
      const customerAccountToken = randomUUID();
      session.state = 'completed';
      session.customerAccountToken = customerAccountToken;
      mount.spent = true;
      store.ingoPay.registerToken(dest, 'hosted_page', {
        token: customerAccountToken,
        sessionId: session.id,
      });
      store.sessions.log(session, 'token_issued', {
        destination: dest,
        customer_account_token: customerAccountToken,
      });
      store.webhooks.tokenized(session, mount, dest, pending.account, customerAccountToken);
      return [200, { result: 'verified', customer_account_token: customerAccountToken }];
    }
    session.failedAttempts += 1;
    // A failed verification ends this mount; the host re-authorizes and mounts again.
    mount.spent = true;
    // Lifecycle order (WEBHOOKS §9.5): this attempt's failure, then the termination.
    store.webhooks.verificationFailed(session, mount, dest, pending.account, outcome.error);
    if (session.failedAttempts >= config.maxAttempts) {
      session.state = 'terminated';
      store.sessions.log(session, 'terminated', {
        destination: dest,
        error: outcome.error,
        status: '1127',
      });
      store.webhooks.terminated(session, mount);
      return [200, { result: 'max_attempts_exceeded', error: '1127' }];
    }
    store.sessions.log(session, 'verification_failed', {
      destination: dest,
      error: outcome.error,
      attempts: session.failedAttempts,
    });
    return [
      200,
      {
        result: 'failed',
        error: outcome.error,
        attempts_left: config.maxAttempts - session.failedAttempts,
      },
    ];
  }

  app.all(`/session/:id{${SESSION_ID}}/:action{[a-z]+}`, async (c) => {
    const faulted = await applyFault(store, 'page-api');
    if (faulted) return faulted;
    const action = c.req.param('action');
    const session = store.sessions.sessions.get(c.req.param('id'));
    const mount = session?.mount;
    if (!session || !mount || c.req.header(PAGE_TOKEN_HEADER) !== mount.pageToken) {
      return json(409, {
        error: 'session_not_active',
        message: 'This page is no longer the active mount of the session.',
      });
    }
    if (METHODS[action] === undefined) return json(404, { error: 'not_found' });
    if (METHODS[action] !== c.req.method) return json(405, { error: 'method_not_allowed' });
    if (action === 'acknowledge') {
      store.sessions.log(session, 'failure_acknowledged');
      return json(200, { ok: true });
    }
    if (session.state !== 'active' || mount.spent) {
      return json(409, {
        error: 'session_not_active',
        message: `The session is ${session.state}; mount a new authorized_url.`,
      });
    }
    switch (action) {
      case 'billers': {
        const query = new URL(c.req.url).searchParams.get('q') ?? '';
        const billers = searchBillers(query);
        if (billers.length === 0) store.sessions.log(session, 'biller_search_no_match', { query });
        return json(200, { billers });
      }
      case 'cancel':
        mount.spent = true;
        delete mount.pending;
        store.sessions.log(session, 'canceled', { destination: mount.destination });
        return json(200, { ok: true });
      case 'account':
        return json(...(await enterAccount(c.req.raw, session, mount)));
      default:
        return json(...confirmAccount(session, mount));
    }
  });
}
