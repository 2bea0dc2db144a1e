/** `GET /__sandbox/webhooks`: every webhook delivery and its attempts (the sending: src/webhooks.ts). */
import { json, type RouteContext, type SandboxRouter } from '../http.js';
import { WEBHOOK_SIGNATURE_HEADER } from '../webhooks.js';

export function webhookRoutes(app: SandboxRouter, { store }: RouteContext): void {
  app.get('/__sandbox/webhooks', () => json(200, { webhooks: store.state.webhooks() }));
}

/** The webhook part of `GET /`: where deliveries go and how they are signed. */
export function webhookInfo({ store }: RouteContext) {
  const settings = store.config.webhooks;
  return {
    urls: settings.urls,
    signature_header: WEBHOOK_SIGNATURE_HEADER,
    signature: 'base64(HMAC-SHA512(webhook secret, raw body bytes)); sandbox-only scheme',
    retry_delays_ms: settings.retryDelaysMs,
    timeout_ms: settings.timeoutMs,
    duplicates: settings.duplicates,
  };
}
