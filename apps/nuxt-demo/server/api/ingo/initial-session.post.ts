/**
 * POST /api/ingo/initial-session with `{ destination }`: a session for the page's form, created
 * while the page renders. The page calls it with `useFetch` during server rendering (an
 * in-process call with the visitor's cookie), so the HTML arrives with a session the form mounts
 * without asking; on a client-side navigation it is one request, as the form's own would be.
 * Answers the session with its browser key (bound to this visitor, like any key the form sends),
 * or null when there is none to give (signed out, Ingo failing): the form then asks the endpoint.
 */
import { FUNDING_DESTINATIONS, type FundingDestination } from '@ingo-embed/vue';

export default defineEventHandler(async (event) => {
  const body = await readBody<{ destination?: unknown }>(event);
  const destination = body?.destination as FundingDestination;
  if (!FUNDING_DESTINATIONS.includes(destination)) {
    throw createError({ statusCode: 400, statusMessage: 'Send { destination }.' });
  }
  // The page is not to be cached: it carries a session of this visitor.
  setResponseHeader(event, 'cache-control', 'no-store');
  return sessionHandler.initialSession(toWebRequest(event), {
    destination,
    locals: event.context,
  });
});
