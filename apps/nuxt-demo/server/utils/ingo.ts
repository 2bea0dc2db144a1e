/**
 * The session endpoint's handler, shared by POST /api/ingo/session and POST
 * /api/ingo/initial-session (which the page calls while it renders on the server). Its Ingo client
 * holds the HMAC secret: server only (Nitro auto-imports `sessionHandler` in server/ only).
 */
import { demoServer } from '@ingo-embed/demo-kit/server';
import { createSessionHandler } from '@ingo-embed/server';

export const sessionHandler = createSessionHandler<H3EventContext>({
  // Your app: ingoClientFromEnv(process.env) (INGO_USERNAME, INGO_SECRET, …; never in runtimeConfig.public).
  client: demoServer().client,
  sdkUrl: demoServer().sdkUrl,
  // `locals` is the handler's second argument: h3's event.context, where
  // server/middleware/visitor.ts put the visitor. Null (nobody signed in) answers 401.
  resolveSession: (_request, { locals }) => demoServer().signedIn(locals?.visitor),
});
