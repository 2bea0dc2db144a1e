/**
 * POST /api/ingo/session: the endpoint the browser's form asks for an Ingo session (and asks again,
 * with the same key, when a session it was given is too old). It signs the Session Create call with
 * the secret (server only) for the signed-in visitor's recipient, which comes from the server's
 * records, never from the browser. The handler is server/utils/ingo.ts.
 */
// h3 sends the handler's Fetch Response as it is.
export default defineEventHandler((event) => sessionHandler(toWebRequest(event), event.context));
