import { demoServer } from '@ingo-embed/demo-kit/server';
import { createSessionHandler } from '@ingo-embed/server';
import { currentVisitor } from '@/lib/visitor';

/**
 * The session endpoint's handler (server only: its Ingo client holds the HMAC secret), shared by
 * POST /api/ingo/session and the page, which creates the form's first session while it renders
 * (`sessionHandler.initialSession()`). The browser only ever sends `{ idempotencyKey,
 * destination }`; who the recipient is comes from the server's record of the signed-in visitor.
 */
export const sessionHandler = createSessionHandler({
  // The Ingo client from INGO_* variables (the local sandbox when there are none).
  client: demoServer().client,
  // Tells the browser where Ingo's SDK script is.
  sdkUrl: demoServer().sdkUrl,
  // Your app: your signed-in user and their recipient details from your database; null → 401.
  resolveSession: async () => demoServer().signedIn(await currentVisitor()),
});
