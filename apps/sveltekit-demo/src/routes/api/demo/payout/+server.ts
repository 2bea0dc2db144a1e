/**
 * POST /api/demo/payout with `{ action, requestId }`: moves money with the visitor's account
 * (IngoPay push or pull). The server decides amount, account and payout id.
 */
import { demoServer } from '@ingo-embed/demo-kit/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals }) =>
  demoServer().payout(request, locals.visitor);
