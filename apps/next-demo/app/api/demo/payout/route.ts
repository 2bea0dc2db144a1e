import { demoServer } from '@ingo-embed/demo-kit/server';
import { currentVisitor } from '@/lib/visitor';

/**
 * POST /api/demo/payout with `{ action, requestId }`: sends money to (or collects it from) the
 * visitor's saved account. The server decides amount, account and payout id.
 */
export async function POST(request: Request) {
  return demoServer().payout(request, await currentVisitor());
}
