/**
 * The session endpoint's handler, shared by POST /api/ingo/session and the page's load (which
 * creates the form's first session while the page renders). Its Ingo client holds the HMAC
 * secret: server only ($lib/server can never reach the browser).
 */
import { demoServer } from '@ingo-embed/demo-kit/server';
import { createSessionHandler } from '@ingo-embed/server';

export const sessionHandler = createSessionHandler<App.Locals>({
  // The Ingo client from INGO_* variables (the local sandbox when there are none).
  client: demoServer().client,
  // Tells the browser where Ingo's SDK script is.
  sdkUrl: demoServer().sdkUrl,
  // Your app: the signed-in user and their recipient details from your database; null → 401.
  resolveSession: (_request, { locals }) => demoServer().signedIn(locals?.visitor),
});
