import { demoServer } from '@ingo-embed/demo-kit/server';
import { currentVisitor } from '@/lib/visitor';

/** GET /api/demo/account: the account (token) the server keeps for the visitor, or null. */
export async function GET(request: Request) {
  return demoServer().account(request, await currentVisitor());
}

/** POST /api/demo/account: keeps TOKEN_SUCCESS's `{ customerAccountToken, destination }`. */
export async function POST(request: Request) {
  return demoServer().account(request, await currentVisitor());
}
