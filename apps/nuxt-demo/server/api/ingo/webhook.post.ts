/**
 * POST /api/ingo/webhook: where Ingo (locally, the sandbox) sends its webhooks. A tokenization
 * event keeps its token with the visitor it was made for, so the server has the account even when
 * the page never handed it over. Ingo calls this route, not the browser: it has no visitor cookie
 * and needs none (server/middleware/visitor.ts signs nobody in on /api/ paths).
 */
import { demoServer } from '@ingo-embed/demo-kit/server';

export default defineEventHandler((event) =>
  demoServer().webhook(
    // The body as it came: the signature is over the raw bytes, so nothing may read it before.
    toWebRequest(event),
    // The socket's address (no proxy header trusted here). Behind a proxy, name its header in
    // INGO_WEBHOOK_PROXY_HEADER: the allowlist check against Ingo's addresses reads it from there.
    getRequestIP(event),
  ),
);
