import { sessionHandler } from '@/lib/ingo';

/**
 * POST /api/ingo/session: the session endpoint the funding form asks for an Ingo session (and
 * asks again, with the same key, when a session it was given is too old). The handler lives in
 * lib/ingo.ts, shared with the page that creates the form's first session while it renders.
 */
// A thin function rather than the handler itself: Next.js calls route handlers with a second
// argument (the route's params), which the handler would hand to resolveSession as `locals`.
export const POST = (request: Request) => sessionHandler(request);
