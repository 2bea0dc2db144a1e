/**
 * POST /api/ingo/webhook: Ingo's webhooks (locally, the sandbox's signed deliveries). Ingo calls
 * it, not the browser: no visitor cookie (hooks.server.ts hands none out on /api/ paths). A
 * tokenization event keeps its token with the visitor it was made for, so a token the page never
 * handed over still reaches the server. The signature covers the raw bytes: the Request goes to
 * the handler unread. `getClientAddress()` is the socket's peer (adapter-node trusts a proxy
 * header only when ADDRESS_HEADER is set).
 */
import { demoServer } from '@ingo-embed/demo-kit/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, getClientAddress }) =>
  demoServer().webhook(request, getClientAddress());
