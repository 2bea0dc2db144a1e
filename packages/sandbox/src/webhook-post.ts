/**
 * One webhook delivery and its HTTP attempts: a single POST per attempt on its own connection,
 * settled by any answer (2xx = delivered), an error or the per-attempt timeout.
 */
import { type ClientRequest, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WEBHOOK_SIGNATURE_HEADER } from './webhook-settings.js';
import type { WebhookEnvelope } from './webhook-topics.js';

export type WebhookState = 'pending' | 'delivered' | 'failed' | 'retrying';

export interface WebhookAttempt {
  at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

/** One item of `GET /__sandbox/webhooks`. */
export interface WebhookDeliveryView {
  id: string;
  topic: string;
  url: string;
  session_identifier: string;
  state: WebhookState;
  duplicate: boolean;
  body: WebhookEnvelope;
  attempts: WebhookAttempt[];
}

export interface Delivery {
  id: string;
  topic: string;
  url: string;
  sessionId: string;
  state: WebhookState;
  duplicate: boolean;
  raw: Buffer;
  signature: string;
  attempts: WebhookAttempt[];
  queueKey: string;
}

/** One POST; settles with the status (any answer) or an error (no answer). Never rejects. */
export function postWebhook(
  d: Delivery,
  timeoutMs: number,
  timers: Set<NodeJS.Timeout>,
  requests: Set<ClientRequest>,
): Promise<{ status: number | null; error: string | null }> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      resolve({ status, error });
    };
    const url = new URL(d.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let timer: NodeJS.Timeout | undefined;
    const request = send(
      url,
      {
        method: 'POST',
        // One connection per attempt: nothing pooled outlives close().
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': String(d.raw.length),
          [WEBHOOK_SIGNATURE_HEADER.toLowerCase()]: d.signature,
          'user-agent': 'ingo-sandbox-webhooks',
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.on('error', () => {});
        res.resume();
        if (status >= 200 && status < 300) settle(status, null);
        else if (status >= 300 && status < 400) {
          const location = res.headers.location;
          settle(
            status,
            `HTTP ${status}: redirects are not followed${location ? ` (Location: ${location})` : ''}`,
          );
        } else settle(status, `HTTP ${status} is not 2xx`);
      },
    );
    requests.add(request);
    timer = setTimeout(() => {
      timers.delete(timer as NodeJS.Timeout);
      request.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    timers.add(timer);
    request.on('error', (error) => settle(null, error.message || String(error)));
    request.on('close', () => {
      requests.delete(request);
      if (timer) {
        clearTimeout(timer);
        timers.delete(timer);
        timer = undefined;
      }
      settle(null, 'connection closed without an answer');
    });
    request.end(d.raw);
  });
}
