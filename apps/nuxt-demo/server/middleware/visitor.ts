/**
 * The demo's stand-in for signing in: an anonymous visitor id in an HttpOnly cookie, handed out
 * with the first page, and put on `event.context.visitor` for the page render and the API routes.
 * In your app this is your auth middleware (or your auth module's session).
 */
import {
  newVisitor,
  VISITOR_COOKIE,
  VISITOR_COOKIE_OPTIONS,
  visitorFromCookie,
} from '@ingo-embed/demo-kit/server';

export default defineEventHandler((event) => {
  let visitor = visitorFromCookie(getCookie(event, VISITOR_COOKIE));
  // The API never signs anyone in: without the cookie its routes answer 401. Ingo's webhook
  // (/api/ingo/webhook) comes without one and gets none: the event names its visitor itself.
  if (!visitor && !event.path.startsWith('/api/')) {
    visitor = newVisitor();
    setCookie(event, VISITOR_COOKIE, visitor, VISITOR_COOKIE_OPTIONS);
    // Also on this request: `useFetch` in the page's render forwards the request's cookies to the
    // API routes, and on a first visit they must see this visitor, not a cookie-less request.
    const others = (getRequestHeader(event, 'cookie') ?? '')
      .split(';')
      .map((pair) => pair.trim())
      .filter((pair) => pair && !pair.startsWith(`${VISITOR_COOKIE}=`));
    const cookie = [...others, `${VISITOR_COOKIE}=${visitor}`].join('; ');
    event.node.req.headers.cookie = cookie;
    event.headers.set('cookie', cookie); // h3 keeps a copy of the headers once read
  }
  event.context.visitor = visitor;
});
