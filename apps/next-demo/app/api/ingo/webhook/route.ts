import { demoServer } from '@ingo-embed/demo-kit/server';

/**
 * POST /api/ingo/webhook: Ingo's webhooks (locally the sandbox's signed deliveries). A
 * tokenization event keeps its token with the visitor it was made for, so the server has the
 * account even when the page never handed it over. Ingo calls this, not the browser: no visitor
 * cookie (proxy.ts skips /api/), and the body reaches the handler unread, as the signature is
 * over its raw bytes. The App Router tells no sender address: against Ingo, a proxy in front
 * names it in the header INGO_WEBHOOK_PROXY_HEADER names.
 */
export const POST = (request: Request) => demoServer().webhook(request);
