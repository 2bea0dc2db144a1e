/** `POST /api/v1/sessions/point-in-time/plugin`: Session Create with HMAC checks and idempotency. */
import { SANDBOX_DEFAULTS, SESSION_CREATE_PATH } from '../config.js';
import { applyFault } from '../fault-answers.js';
import { verifyHmacRequest } from '../hmac-verifier.js';
import {
  HttpError,
  json,
  type RouteContext,
  readBody,
  type SandboxContext,
  type SandboxRouter,
  wireRequest,
} from '../http.js';
import { validateSessionBody } from '../session-request.js';
import type { Session } from '../session-store.js';

export function sessionApiRoutes(app: SandboxRouter, { store, publicBase }: RouteContext): void {
  const { config } = store;

  async function sessionCreate(c: SandboxContext): Promise<Response> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started) / 1000;
    const body = await readBody(c.req.raw);
    const wire = wireRequest(c);
    const auth = verifyHmacRequest(
      { method: c.req.method, ...wire, body },
      {
        username: config.username,
        secret: config.secret,
        nowMs: config.now(),
        maxSkewSeconds: SANDBOX_DEFAULTS.maxClockSkewSeconds,
      },
    );
    if (!auth.ok) {
      config.log(`401 session create: ${auth.check}: ${auth.message}`);
      return json(401, {
        status: 401,
        client_message: `Unauthorized: ${auth.message}`,
        error: { check: auth.check, message: auth.message },
        time: elapsed(),
      });
    }
    const badRequest = (errors: { field: string; message: string }[]) => {
      const summary = errors.map((e) => `${e.field} ${e.message}`).join('; ');
      config.log(`400 session create: ${summary}`);
      return json(400, {
        status: 400,
        client_message: `Invalid request: ${summary}`,
        errors,
        time: elapsed(),
      });
    };
    const keyHeader = wire.headers['idempotency-key'];
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
    const found =
      idempotencyKey === undefined
        ? undefined
        : store.sessions.lookupIdempotencyKey(idempotencyKey, request);
    if (found?.kind === 'mismatch') {
      store.sessions.log(found.session, 'idempotency_mismatch');
      config.log('409 session create: idempotency key reused with different parameters');
      return json(409, {
        status: 13723,
        client_message: 'Idempotency key mismatch',
        data: { session_identifier: found.session.id },
        time: elapsed(),
      });
    }
    if (found?.kind === 'replay') {
      session = found.session;
      status = 101;
    } else {
      session = store.sessions.createSession(request, idempotencyKey);
    }
    const issued = store.sessions.issueUrl(session, publicBase(c));
    store.sessions.log(session, status === 101 ? 'reauthorized' : 'url_issued', {
      expires_at: issued.expirationUtc,
    });
    config.log(`${status} session ${session.id}${status === 101 ? ' (idempotent)' : ''}`);
    return json(200, {
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

  app.post(
    SESSION_CREATE_PATH,
    async (c) => (await applyFault(store, 'session')) ?? sessionCreate(c),
  );
  app.all(SESSION_CREATE_PATH, () => {
    throw new HttpError(405, `use POST ${SESSION_CREATE_PATH}`);
  });
}
