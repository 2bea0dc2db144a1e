/**
 * The sandbox HTTP server: Session API, SDK script, hosted iFrame pages, IngoPay push/pull
 * (src/ingopay.ts) and the /__sandbox control endpoints, on plain node:http.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadBrowserAssets } from './assets.js';
import { type AccountInput, checkAccount, type FieldProblem } from './checks.js';
import {
  type ActiveFault,
  FaultRegistry,
  type FaultSpec,
  type FaultTarget,
  InvalidFaultError,
  parseFault,
} from './faults.js';
import { verifyHmacRequest } from './hmac-verifier.js';
import { renderPage } from './html.js';
import { stringsFor } from './i18n.js';
import { createIngoPay, PULL_PATH, PUSH_PATH } from './ingopay.js';
import { IngoPayStore } from './ingopay-store.js';
import { createOriginMatcher, type OriginMatcher } from './origins.js';
import { PAGE_CSS } from './page-css.js';
import {
  type AccountAnswer,
  type ConfirmAnswer,
  type ErrorBootstrap,
  type FlowBootstrap,
  type FundingDestination,
  isFundingDestination,
  MOUNT_PARAMS,
  PAGE_TOKEN_HEADER,
} from './protocol.js';
import { validateSessionBody } from './session-request.js';
import { type Mount, SandboxStore, type Session } from './store.js';
import { accountSummary, BILLERS, searchBillers, verificationOutcome } from './testdata.js';
import {
  createWebhooks,
  InvalidWebhookOptionError,
  resolveWebhookSettings,
  WEBHOOK_DEFAULTS,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookSettings,
} from './webhooks.js';

export const SESSION_CREATE_PATH = '/api/v1/sessions/point-in-time/plugin';

/** Defaults shared by the CLI, demos and tests. The secret is a sandbox-only value. */
export const SANDBOX_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 4010,
  username: 'sandbox-user',
  secret: 'sandbox-secret',
  participantId: '12345',
  urlTtlSeconds: 30,
  maxAttempts: 3,
  allowedOrigins: Object.freeze(['http://localhost:*', 'http://127.0.0.1:*']) as readonly string[],
  idempotencyWindowSeconds: 2 * 60 * 60,
  maxClockSkewSeconds: 300,
  ingoPaySlowMs: 3000,
  ...WEBHOOK_DEFAULTS,
});

export interface SandboxOptions {
  /** Port to listen on (default 4010); 0 picks a free port. */
  port?: number;
  host?: string;
  username?: string;
  secret?: string;
  /** Numeric participant id: the prefix of `tracer_token`s and the optional body `participant_id`. */
  participantId?: string;
  /** Lifetime of an `authorized_url` in seconds (default 30, like Ingo). */
  urlTtlSeconds?: number;
  /** Failed verifications before MAX_VERIFICATION_ATTEMPTS_EXCEEDED (default 3). */
  maxAttempts?: number;
  /** Origins that may embed the iFrame: exact origins or `scheme://host:*`. */
  allowedOrigins?: readonly string[];
  /** Idempotency window in seconds (default 7200, Ingo's 2 hours). */
  idempotencyWindowSeconds?: number;
  /** Faults in force from the start (same shape as POST /__sandbox/faults). */
  faults?: readonly FaultSpec[];
  /** A ledger (Banking Platform) program: IngoPay requests must carry the `ledger` object. */
  ledger?: boolean;
  /** How long an IngoPay `.04` test amount stays in flight before answering 100 (default 3000). */
  ingoPaySlowMs?: number;
  /** Where Ingo-style webhooks are POSTed (http or https); none by default. */
  webhookUrls?: readonly string[];
  /**
   * Key of the SANDBOX-ONLY signature `X-Ingo-Signature: base64(HMAC-SHA512(secret, raw body))`
   * (default 'sandbox-webhook-secret'). Ingo's real scheme is undocumented.
   */
  webhookSecret?: string;
  /** Waits before each retry, in ms (default 1 s, 5 s, 30 s, 2 min, 10 min: 6 attempts). */
  webhookRetryDelaysMs?: readonly number[];
  /** How long an attempt may take to get a 2xx (default 10000, Ingo's 10 s). */
  webhookTimeoutMs?: number;
  /** Share (0–1) of delivered webhooks sent a second time on purpose (default 0; 1 = always). */
  webhookDuplicates?: number;
  /** Clock in epoch milliseconds; tests move it instead of waiting. */
  now?: () => number;
  /** Receives one line per notable event (auth failures, sessions created, …). */
  log?: (line: string) => void;
}

export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  close(): Promise<void>;
}

export class SandboxConfigError extends Error {
  override name = 'SandboxConfigError';
}

interface Config {
  host: string;
  port: number;
  username: string;
  secret: string;
  participantId: string;
  urlTtlSeconds: number;
  maxAttempts: number;
  origins: OriginMatcher;
  idempotencyWindowSeconds: number;
  ledger: boolean;
  ingoPaySlowMs: number;
  webhooks: WebhookSettings;
  now: () => number;
  log: (line: string) => void;
}

function resolveConfig(options: SandboxOptions): Config {
  const integer = (
    name: string,
    value: number | undefined,
    fallback: number,
    min: number,
    max: number,
  ) => {
    const resolved = value ?? fallback;
    if (!Number.isInteger(resolved) || resolved < min || resolved > max) {
      throw new SandboxConfigError(
        `${name} must be an integer from ${min} to ${max}; got ${String(value)}`,
      );
    }
    return resolved;
  };
  const text = (name: string, value: string | undefined, fallback: string) => {
    const resolved = value ?? fallback;
    if (typeof resolved !== 'string' || resolved.trim() === '') {
      throw new SandboxConfigError(`${name} must be a non-empty string`);
    }
    return resolved;
  };
  const participantId = text(
    'participantId',
    options.participantId,
    SANDBOX_DEFAULTS.participantId,
  );
  if (!/^\d{1,18}$/.test(participantId)) {
    throw new SandboxConfigError(
      `participantId must be digits (Ingo participant ids are numeric); got "${participantId}"`,
    );
  }
  if (options.ledger !== undefined && typeof options.ledger !== 'boolean') {
    throw new SandboxConfigError('ledger must be true or false');
  }
  const username = text('username', options.username, SANDBOX_DEFAULTS.username);
  if (username.includes('"'))
    throw new SandboxConfigError('username must not contain a double quote');
  let origins: OriginMatcher;
  try {
    const list = options.allowedOrigins ?? SANDBOX_DEFAULTS.allowedOrigins;
    if (list.length === 0)
      throw new SandboxConfigError('allowedOrigins must list at least one origin');
    origins = createOriginMatcher(list);
  } catch (error) {
    throw error instanceof SandboxConfigError
      ? error
      : new SandboxConfigError((error as Error).message);
  }
  let webhooks: WebhookSettings;
  try {
    webhooks = resolveWebhookSettings(options);
  } catch (error) {
    throw error instanceof InvalidWebhookOptionError
      ? new SandboxConfigError(error.message)
      : error;
  }
  return {
    host: text('host', options.host, SANDBOX_DEFAULTS.host),
    port: integer('port', options.port, SANDBOX_DEFAULTS.port, 0, 65535),
    username,
    secret: text('secret', options.secret, SANDBOX_DEFAULTS.secret),
    participantId,
    urlTtlSeconds: integer(
      'urlTtlSeconds',
      options.urlTtlSeconds,
      SANDBOX_DEFAULTS.urlTtlSeconds,
      1,
      86_400,
    ),
    maxAttempts: integer('maxAttempts', options.maxAttempts, SANDBOX_DEFAULTS.maxAttempts, 1, 10),
    origins,
    idempotencyWindowSeconds: integer(
      'idempotencyWindowSeconds',
      options.idempotencyWindowSeconds,
      SANDBOX_DEFAULTS.idempotencyWindowSeconds,
      1,
      30 * 86_400,
    ),
    ledger: options.ledger ?? false,
    ingoPaySlowMs: integer(
      'ingoPaySlowMs',
      options.ingoPaySlowMs,
      SANDBOX_DEFAULTS.ingoPaySlowMs,
      0,
      600_000,
    ),
    webhooks,
    now: options.now ?? Date.now,
    log: options.log ?? (() => {}),
  };
}

const MAX_BODY_BYTES = 100_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining (not destroying) so the 413 answer still reaches the client.
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

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

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const config = resolveConfig(options);
  const assets = loadBrowserAssets();
  const store = new SandboxStore({
    now: config.now,
    urlTtlSeconds: config.urlTtlSeconds,
    idempotencyWindowSeconds: config.idempotencyWindowSeconds,
  });
  const faults = new FaultRegistry();
  for (const spec of options.faults ?? []) {
    try {
      faults.add(parseFault(spec));
    } catch (error) {
      throw new SandboxConfigError(`faults: ${(error as Error).message}`);
    }
  }
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = '';
  const ingoPayStore = new IngoPayStore(config.now);
  const frameAncestors = config.origins.patterns.join(' ');

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const webhooks = createWebhooks({
    settings: config.webhooks,
    maxAttempts: config.maxAttempts,
    now: config.now,
    log: config.log,
  });

  const ingoPay = createIngoPay({
    store: ingoPayStore,
    username: config.username,
    secret: config.secret,
    participantId: config.participantId,
    ledger: config.ledger,
    slowMs: config.ingoPaySlowMs,
    maxSkewSeconds: SANDBOX_DEFAULTS.maxClockSkewSeconds,
    now: config.now,
    log: config.log,
    delay,
    readBody,
    sendJson,
  });

  /**
   * Applies the next fault of `target`; true when the fault answered (or dropped) the request.
   * A fault that lets the request through (latency only, dropAfterCommit, ingoStatus) goes to
   * `onPass`.
   */
  async function applyFault(
    target: FaultTarget,
    req: IncomingMessage,
    res: ServerResponse,
    onPass?: (fault: ActiveFault) => void,
  ): Promise<boolean> {
    const fault: ActiveFault | undefined = faults.take(target);
    if (!fault) return false;
    if (fault.latencyMs) await delay(fault.latencyMs);
    if (fault.drop) {
      req.socket.destroy();
      return true;
    }
    if (fault.status !== undefined) {
      if (target === 'session' || target === 'page-api' || target === 'ingopay') {
        sendJson(res, fault.status, {
          status: fault.status,
          client_message: `Injected fault: HTTP ${fault.status}`,
        });
      } else {
        send(
          res,
          fault.status,
          'text/plain; charset=utf-8',
          `Injected fault: HTTP ${fault.status}`,
        );
      }
      return true;
    }
    if (fault.malformed) {
      const { type, body } = MALFORMED[target];
      send(res, 200, type, body);
      return true;
    }
    onPass?.(fault);
    return false;
  }

  // ---------------------------------------------------------------- Session API

  async function sessionCreate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started) / 1000;
    const body = await readBody(req);
    const auth = verifyHmacRequest(
      {
        method: req.method ?? '',
        target: req.url ?? '',
        httpVersion: req.httpVersion,
        headers: req.headers,
        body,
      },
      {
        username: config.username,
        secret: config.secret,
        nowMs: config.now(),
        maxSkewSeconds: SANDBOX_DEFAULTS.maxClockSkewSeconds,
      },
    );
    if (!auth.ok) {
      config.log(`401 session create: ${auth.check}: ${auth.message}`);
      return sendJson(res, 401, {
        status: 401,
        client_message: `Unauthorized: ${auth.message}`,
        error: { check: auth.check, message: auth.message },
        time: elapsed(),
      });
    }
    const badRequest = (errors: { field: string; message: string }[]) => {
      config.log(`400 session create: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
      sendJson(res, 400, {
        status: 400,
        client_message: `Invalid request: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
        errors,
        time: elapsed(),
      });
    };
    const keyHeader = req.headers['idempotency-key'];
    const idempotencyKey = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
    if (
      idempotencyKey !== undefined &&
      (idempotencyKey.length === 0 || idempotencyKey.length > 250)
    ) {
      return badRequest([{ field: 'Idempotency-Key', message: 'must be 1 to 250 characters' }]);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      return badRequest([
        { field: '(body)', message: `is not valid JSON (${(error as Error).message})` },
      ]);
    }
    const validation = validateSessionBody(parsed, {
      participantId: config.participantId,
      allowedOrigins: config.origins,
    });
    if (!validation.ok) return badRequest(validation.errors);
    const request = validation.value;

    let session: Session;
    let status = 100;
    if (idempotencyKey !== undefined) {
      const found = store.lookupIdempotencyKey(idempotencyKey, request);
      if (found.kind === 'mismatch') {
        store.log(found.session, 'idempotency_mismatch');
        config.log(`409 session create: idempotency key reused with different parameters`);
        return sendJson(res, 409, {
          status: 13723,
          client_message: 'Idempotency key mismatch',
          data: { session_identifier: found.session.id },
          time: elapsed(),
        });
      }
      if (found.kind === 'replay') {
        session = found.session;
        status = 101;
      } else {
        session = store.createSession(request, idempotencyKey);
      }
    } else {
      session = store.createSession(request, undefined);
    }
    const issued = store.issueUrl(session, publicBase(req));
    store.log(session, status === 101 ? 'reauthorized' : 'url_issued', {
      expires_at: issued.expirationUtc,
    });
    config.log(`${status} session ${session.id}${status === 101 ? ' (idempotent)' : ''}`);
    sendJson(res, 200, {
      status,
      client_message: status === 101 ? 'Success - Idempotent' : 'Success',
      data: {
        session_identifier: session.id,
        authorized_url: issued.url,
        authorized_url_expiration_utc: issued.expirationUtc,
        participant_unique_id1: request.participant_unique_id1,
        participant_unique_id2: request.participant_unique_id2 ?? '',
      },
      time: elapsed(),
    });
  }

  /** Where browsers reach us: the listening URL, or the Host header when bound to all interfaces. */
  function publicBase(req: IncomingMessage): string {
    if ((config.host === '0.0.0.0' || config.host === '::') && req.headers.host) {
      return `http://${req.headers.host}`;
    }
    return baseUrl;
  }

  // ---------------------------------------------------------------- Hosted page

  function pageHeaders(): Record<string, string> {
    return {
      'content-security-policy': [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "form-action 'none'",
        "base-uri 'none'",
        `frame-ancestors ${frameAncestors}`,
      ].join('; '),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    };
  }

  function tracerToken(): string {
    return `${config.participantId}_${randomUUID()}`;
  }

  function hostedPage(req: IncomingMessage, res: ServerResponse, sessionId: string): void {
    const query = new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams;
    const destination = query.get(MOUNT_PARAMS.destination);
    const parentOrigin = query.get(MOUNT_PARAMS.parentOrigin);
    const channel = query.get(MOUNT_PARAMS.channel);
    const known = store.sessions.get(sessionId);
    const { locale, strings } = stringsFor(known?.request.language_locale_code);

    const errorPage = (
      status: number,
      event: ErrorBootstrap['event'],
      reason: string,
      session?: Session,
    ) => {
      // Events go only to an allowed origin; otherwise the page shows the error and stays silent.
      const canPost =
        parentOrigin !== null && config.origins.matches(parentOrigin) && channel !== null;
      const bootstrap: ErrorBootstrap = {
        kind: 'error',
        event,
        reason,
        locale,
        strings,
        ...(canPost ? { parentOrigin, channel } : {}),
        ...(session ? { sessionId: session.id, tracerToken: tracerToken() } : {}),
        ...(isFundingDestination(destination) ? { destination } : {}),
      };
      if (session) store.log(session, 'url_rejected', { reason, event });
      config.log(`${status} hosted page ${sessionId}: ${reason}`);
      send(
        res,
        status,
        'text/html; charset=utf-8',
        renderPage(bootstrap, strings.session_error_title),
        pageHeaders(),
      );
    };

    if (parentOrigin === null || channel === null || !config.origins.matches(parentOrigin)) {
      errorPage(403, 'PLUGIN_ERROR', 'origin', known);
      return;
    }
    if (!isFundingDestination(destination)) {
      errorPage(400, 'PLUGIN_ERROR', 'destination', known);
      return;
    }
    const check = store.consumeUrl(sessionId, query.get('t'), query.get('h'));
    if (!check.ok) {
      const event = check.reason === 'expired' ? 'SESSION_EXPIRED' : 'SESSION_ERROR';
      errorPage(check.reason === 'tampered' ? 403 : 410, event, check.reason, check.session);
      return;
    }
    const session = check.session;
    const mount: Mount = {
      pageToken: randomUUID(),
      tracerToken: tracerToken(),
      destination,
      spent: false,
    };
    session.mount = mount;
    store.log(session, 'mounted', { destination, parent_origin: parentOrigin });
    const bootstrap: FlowBootstrap = {
      kind: 'flow',
      sessionId: session.id,
      tracerToken: mount.tracerToken,
      destination,
      parentOrigin,
      channel,
      pageToken: mount.pageToken,
      apiBase: `/session/${session.id}`,
      locale,
      strings,
    };
    send(
      res,
      200,
      'text/html; charset=utf-8',
      renderPage(bootstrap, strings[`title_${destination}`]),
      pageHeaders(),
    );
  }

  // ---------------------------------------------------------------- Page API

  async function pageApi(
    req: IncomingMessage,
    res: ServerResponse,
    sessionId: string,
    action: string,
  ): Promise<void> {
    const session = store.sessions.get(sessionId);
    const token = req.headers[PAGE_TOKEN_HEADER];
    const mount = session?.mount;
    if (!session || !mount || token !== mount.pageToken) {
      return sendJson(res, 409, {
        error: 'session_not_active',
        message: 'This page is no longer the active mount of the session.',
      });
    }
    const routes: Record<string, string> = {
      account: 'POST',
      confirm: 'POST',
      cancel: 'POST',
      acknowledge: 'POST',
      billers: 'GET',
    };
    if (routes[action] === undefined) return sendJson(res, 404, { error: 'not_found' });
    if (routes[action] !== req.method) return sendJson(res, 405, { error: 'method_not_allowed' });
    if (action === 'acknowledge') {
      store.log(session, 'failure_acknowledged');
      return sendJson(res, 200, { ok: true });
    }
    if (session.state !== 'active' || mount.spent) {
      return sendJson(res, 409, {
        error: 'session_not_active',
        message: `The session is ${session.state}; mount a new authorized_url.`,
      });
    }
    switch (action) {
      case 'billers': {
        const query = new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams.get('q') ?? '';
        const billers = searchBillers(query);
        if (billers.length === 0) store.log(session, 'biller_search_no_match', { query });
        return sendJson(res, 200, { billers });
      }
      case 'cancel': {
        mount.spent = true;
        delete mount.pending;
        store.log(session, 'canceled', { destination: mount.destination });
        return sendJson(res, 200, { ok: true });
      }
      case 'account':
        return sendJson(res, ...(await enterAccount(req, session, mount)));
      case 'confirm':
        return sendJson(res, ...confirmAccount(session, mount));
    }
  }

  /** The form's Continue: checks the input again (the page is not trusted) and keeps it. */
  async function enterAccount(
    req: IncomingMessage,
    session: Session,
    mount: Mount,
  ): Promise<[number, AccountAnswer]> {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8'));
    } catch {
      throw new HttpError(400, 'the account body is not JSON');
    }
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
    store.log(session, 'account_entered', { destination: dest });
    return [200, { result: 'ok', summary: accountSummary(dest, input) }];
  }

  /** The confirmation step's Confirm: verifies the kept account against the test data. */
  function confirmAccount(session: Session, mount: Mount): [number, ConfirmAnswer | object] {
    const pending = mount.pending;
    if (!pending) {
      return [409, { error: 'nothing_to_confirm', message: 'Enter an account before confirming.' }];
    }
    delete mount.pending;
    const dest = pending.destination;
    const outcome = verificationOutcome(dest, pending.account);
    if (outcome.kind === 'not_verified') {
      store.log(session, 'account_not_verified', { destination: dest });
      return [200, { result: 'not_verified' }];
    }
    if (outcome.kind === 'verified') {
      const customerAccountToken = randomUUID();
      session.state = 'completed';
      session.customerAccountToken = customerAccountToken;
      mount.spent = true;
      ingoPayStore.registerToken(dest, 'hosted_page', {
        token: customerAccountToken,
        sessionId: session.id,
      });
      store.log(session, 'token_issued', {
        destination: dest,
        customer_account_token: customerAccountToken,
      });
      webhooks.tokenized(session, mount, dest, pending.account, customerAccountToken);
      return [200, { result: 'verified', customer_account_token: customerAccountToken }];
    }
    session.failedAttempts += 1;
    // A failed verification ends this mount; the host re-authorizes and mounts again.
    mount.spent = true;
    // Lifecycle order (WEBHOOKS §9.5): this attempt's failure, then the termination.
    webhooks.verificationFailed(session, mount, dest, pending.account, outcome.error);
    if (session.failedAttempts >= config.maxAttempts) {
      session.state = 'terminated';
      store.log(session, 'terminated', { destination: dest, error: outcome.error, status: '1127' });
      webhooks.terminated(session, mount);
      return [200, { result: 'max_attempts_exceeded', error: '1127' }];
    }
    store.log(session, 'verification_failed', {
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

  // ---------------------------------------------------------------- Control API

  function describeSession(session: Session) {
    return {
      session_identifier: session.id,
      state: session.state,
      created_at: new Date(session.createdAtMs).toISOString(),
      idempotency_key: session.idempotencyKey ?? null,
      participant_unique_id1: session.request.participant_unique_id1,
      participant_unique_id2: session.request.participant_unique_id2 ?? '',
      language_locale_code: session.request.language_locale_code ?? null,
      recipient_information: session.request.recipient_information,
      failed_attempts: session.failedAttempts,
      max_attempts: config.maxAttempts,
      urls_issued: session.urlsIssued,
      destination: session.mount?.destination ?? null,
      customer_account_token: session.customerAccountToken ?? null,
      log: session.log,
    };
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (path === '/__sandbox/sessions' && method === 'GET') {
      return sendJson(res, 200, { sessions: [...store.sessions.values()].map(describeSession) });
    }
    if (path === '/__sandbox/reset' && method === 'POST') {
      store.reset();
      ingoPayStore.reset();
      faults.clear();
      webhooks.reset();
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/__sandbox/webhooks' && method === 'GET') {
      return sendJson(res, 200, { webhooks: webhooks.list() });
    }
    if (path === '/__sandbox/faults') {
      if (method === 'GET') return sendJson(res, 200, { faults: faults.list() });
      if (method === 'DELETE') {
        faults.clear();
        return sendJson(res, 200, { faults: [] });
      }
      if (method === 'POST') {
        let input: unknown;
        try {
          input = JSON.parse((await readBody(req)).toString('utf8'));
        } catch {
          throw new HttpError(
            400,
            'the fault body must be JSON, e.g. {"target":"session","status":503,"count":1}',
          );
        }
        const specs = Array.isArray(input) ? input : [input];
        const added = specs.map((spec) => parseFault(spec)).map((spec) => faults.add(spec));
        return sendJson(res, 201, { faults: added });
      }
    }
    if (path === '/__sandbox/transactions' && method === 'GET') {
      return sendJson(res, 200, { transactions: ingoPay.listTransactions() });
    }
    if (path === '/__sandbox/tokens') {
      if (method === 'GET') return sendJson(res, 200, { tokens: ingoPay.listTokens() });
      if (method === 'POST') {
        let input: unknown;
        try {
          input = JSON.parse((await readBody(req)).toString('utf8'));
        } catch {
          throw new HttpError(400, 'the token body must be JSON, e.g. {"destination":"debit"}');
        }
        const minted = ingoPay.mintToken(input);
        if (!minted.ok) throw new HttpError(400, minted.message);
        return sendJson(res, 201, {
          customer_account_token: minted.token.customer_account_token,
          destination: minted.token.destination,
        });
      }
    }
    throw new HttpError(404, `unknown control endpoint ${method} ${path}; see the README`);
  }

  // ---------------------------------------------------------------- Routing

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;

    if (path === SESSION_CREATE_PATH) {
      if (method !== 'POST') throw new HttpError(405, `use POST ${SESSION_CREATE_PATH}`);
      if (await applyFault('session', req, res)) return;
      return sessionCreate(req, res);
    }
    if (path === PUSH_PATH || path === PULL_PATH) {
      if (method !== 'POST') throw new HttpError(405, `use POST ${path}`);
      let passed: ActiveFault | undefined;
      if (await applyFault('ingopay', req, res, (fault) => (passed = fault))) return;
      return ingoPay.handle(path === PUSH_PATH ? 'push' : 'pull', req, res, {
        dropAfterCommit: passed?.dropAfterCommit === true,
        ...(passed?.ingoStatus === undefined ? {} : { ingoStatus: passed.ingoStatus }),
      });
    }
    if (path === '/sdk.js') {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'use GET /sdk.js');
      if (await applyFault('sdk', req, res)) return;
      return send(res, 200, 'text/javascript; charset=utf-8', assets.sdk, {
        'cache-control': 'no-cache',
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
      });
    }
    if (path === '/assets/page.js')
      return send(res, 200, 'text/javascript; charset=utf-8', assets.page);
    if (path === '/assets/page.css') return send(res, 200, 'text/css; charset=utf-8', PAGE_CSS);
    const sessionPath = /^\/session\/([0-9a-f-]{36})(?:\/([a-z]+))?$/.exec(path);
    if (sessionPath) {
      const [, sessionId = '', action] = sessionPath;
      if (action === undefined) {
        if (method !== 'GET') throw new HttpError(405, 'use GET for the hosted page');
        if (await applyFault('page', req, res)) return;
        return hostedPage(req, res, sessionId);
      }
      if (await applyFault('page-api', req, res)) return;
      return pageApi(req, res, sessionId, action);
    }
    if (path.startsWith('/session/')) {
      // A mangled session id is a tampered URL: show the error page like any other.
      if (method === 'GET') {
        if (await applyFault('page', req, res)) return;
        return hostedPage(req, res, path.slice('/session/'.length));
      }
    }
    if (path.startsWith('/__sandbox/')) return control(req, res, path);
    if (path === '/' && method === 'GET') {
      return sendJson(res, 200, {
        name: 'Ingo Payments sandbox (@ingo-embed/sandbox)',
        session_create: `POST ${SESSION_CREATE_PATH}`,
        ingopay_push: `POST ${PUSH_PATH}`,
        ingopay_pull: `POST ${PULL_PATH}`,
        sdk: '/sdk.js',
        control: [
          'GET /__sandbox/sessions',
          'GET /__sandbox/transactions',
          'GET|POST /__sandbox/tokens',
          'GET /__sandbox/webhooks',
          'POST /__sandbox/reset',
          'GET|POST|DELETE /__sandbox/faults',
        ],
        webhooks: {
          urls: config.webhooks.urls,
          signature_header: WEBHOOK_SIGNATURE_HEADER,
          signature: 'base64(HMAC-SHA512(webhook secret, raw body bytes)); sandbox-only scheme',
          retry_delays_ms: config.webhooks.retryDelaysMs,
          timeout_ms: config.webhooks.timeoutMs,
          duplicates: config.webhooks.duplicates,
        },
      });
    }
    throw new HttpError(404, `nothing at ${method} ${path}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof HttpError || error instanceof InvalidFaultError) {
        const status = error instanceof HttpError ? error.status : 400;
        return sendJson(res, status, { status, client_message: error.message });
      }
      config.log(`500 ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      sendJson(res, 500, {
        status: 500,
        client_message: `Sandbox internal error: ${(error as Error).message}`,
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new SandboxConfigError(
              `port ${config.port} on ${config.host} is already in use; choose another port (0 picks a free one)`,
            )
          : error,
      );
    };
    server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // Browsers reach a wildcard bind through loopback; otherwise keep the name the user chose.
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const host = wildcard
    ? '127.0.0.1'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host;
  baseUrl = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        webhooks.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
