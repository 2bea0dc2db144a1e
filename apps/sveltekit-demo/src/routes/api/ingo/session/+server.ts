/**
 * POST /api/ingo/session: the session endpoint `<IngoFundingForm session="/api/ingo/session">`
 * calls (and calls again, with the same key, when a session it was given is too old).
 * @ingo-embed/server's handler ($lib/server/ingo.ts) signs Ingo's Session Create call with the
 * secret (server only) for the signed-in visitor's recipient details, which never come from the
 * browser.
 */
import { sessionHandler } from '$lib/server/ingo';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals }) => sessionHandler(request, locals);
