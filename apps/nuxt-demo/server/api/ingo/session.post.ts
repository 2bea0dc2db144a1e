/**
 * POST /api/ingo/session: the endpoint the browser's form asks for an Ingo session. It signs the
 * Session Create call with the secret (server only) for the signed-in visitor's recipient, which
 * comes from the server's records, never from the browser.
 */
import { demoServer } from '@ingo-embed/demo-kit/server';
import { createSessionHandler } from '@ingo-embed/server';

const sessionHandler = createSessionHandler<H3EventContext>({
  // Your app: ingoClientFromEnv(process.env) (INGO_USERNAME, INGO_SECRET, …; never in runtimeConfig.public).
  client: demoServer().client,
  sdkUrl: demoServer().sdkUrl,
  // `locals` is the handler's second argument below: h3's event.context, where
  // server/middleware/visitor.ts put the visitor. Null (nobody signed in) answers 401.
  resolveSession: (_request, { locals }) => demoServer().signedIn(locals?.visitor),
});

// h3 sends the handler's Fetch Response as it is.
export default defineEventHandler((event) => sessionHandler(toWebRequest(event), event.context));
