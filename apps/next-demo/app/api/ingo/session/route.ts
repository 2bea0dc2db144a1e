import { demoServer } from '@ingo-embed/demo-kit/server';
import { createSessionHandler } from '@ingo-embed/server';
import { currentVisitor } from '@/lib/visitor';

/**
 * POST /api/ingo/session: the session endpoint the funding form asks for an Ingo session. The
 * browser only sends `{ idempotencyKey, destination }`; who the recipient is comes from the
 * server's record of the signed-in visitor. The Ingo client holds the HMAC secret: server only.
 */
const sessionHandler = createSessionHandler({
  // The Ingo client from INGO_* variables (the local sandbox when there are none).
  client: demoServer().client,
  // Tells the browser where Ingo's SDK script is.
  sdkUrl: demoServer().sdkUrl,
  // Your app: your signed-in user and their recipient details from your database; null → 401.
  resolveSession: async () => demoServer().signedIn(await currentVisitor()),
});

// A thin function rather than the handler itself: Next.js calls route handlers with a second
// argument (the route's params), which the handler would hand to resolveSession as `locals`.
export const POST = (request: Request) => sessionHandler(request);
