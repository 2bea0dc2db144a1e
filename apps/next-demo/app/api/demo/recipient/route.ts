import { demoServer } from '@ingo-embed/demo-kit/server';
import { currentVisitor } from '@/lib/visitor';

/** GET /api/demo/recipient: the signed-in visitor's recipient profile. */
export async function GET(request: Request) {
  return demoServer().recipient(request, await currentVisitor());
}

/** PUT /api/demo/recipient: saves it (a 400 names the refused fields). */
export async function PUT(request: Request) {
  return demoServer().recipient(request, await currentVisitor());
}
