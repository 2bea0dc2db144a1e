/**
 * POST /api/ingo/session: the session endpoint `<IngoFundingForm session="/api/ingo/session">`
 * calls. @ingo-embed/server's handler signs Ingo's Session Create call with the secret (server
 * only) for the signed-in visitor's recipient details, which never come from the browser.
 */
import { demoServer } from '@ingo-embed/demo-kit/server';
import { createSessionHandler } from '@ingo-embed/server';
import type { RequestHandler } from './$types';

const sessionHandler = createSessionHandler<App.Locals>({
  // The Ingo client from INGO_* variables (the local sandbox when there are none).
  client: demoServer().client,
  // Tells the browser where Ingo's SDK script is.
  sdkUrl: demoServer().sdkUrl,
  // Your app: the signed-in user and their recipient details from your database; null → 401.
  resolveSession: (_request, { locals }) => demoServer().signedIn(locals?.visitor),
});

export const POST: RequestHandler = ({ request, locals }) => sessionHandler(request, locals);
