/**
 * "Sign-in" for the demo: every page request gets the visitor cookie (an anonymous id, HttpOnly),
 * and every request finds the visitor on `event.locals.visitor`. In your app this is where your
 * authentication puts the signed-in user on `locals`.
 */
import {
  newVisitor,
  VISITOR_COOKIE,
  VISITOR_COOKIE_OPTIONS,
  visitorFromCookie,
} from '@ingo-embed/demo-kit/server';
import type { Handle } from '@sveltejs/kit';

export const handle: Handle = ({ event, resolve }) => {
  let visitor = visitorFromCookie(event.cookies.get(VISITOR_COOKIE));
  // Only a page hands out the cookie (with its first response, so that the page's own requests
  // agree on who is asking); an API request without it is answered 401 by its route.
  if (!visitor && !event.url.pathname.startsWith('/api/')) {
    visitor = newVisitor();
    event.cookies.set(VISITOR_COOKIE, visitor, {
      ...VISITOR_COOKIE_OPTIONS,
      // Secure over https only, so that the cookie also works on http://localhost.
      secure: event.url.protocol === 'https:',
    });
  }
  event.locals.visitor = visitor;
  return resolve(event);
};
