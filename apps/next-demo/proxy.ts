import {
  newVisitor,
  VISITOR_COOKIE,
  VISITOR_COOKIE_OPTIONS,
  visitorFromCookie,
} from '@ingo-embed/demo-kit/server';
import { type NextRequest, NextResponse } from 'next/server';

/**
 * "Sign-in" for the demo: a visitor without the visitor cookie gets one with the first page. The
 * id also goes on the request the page renders from, so that this very render (which reads it with
 * `cookies()`) already sees the visitor; the page's later API calls send the cookie themselves.
 * In your app this is your auth's job.
 */
export function proxy(request: NextRequest) {
  if (visitorFromCookie(request.cookies.get(VISITOR_COOKIE)?.value)) return NextResponse.next();

  const visitor = newVisitor();
  // Updates the request's `cookie` header, which NextResponse.next() forwards to the render.
  request.cookies.set(VISITOR_COOKIE, visitor);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(VISITOR_COOKIE, visitor, VISITOR_COOKIE_OPTIONS);
  return response;
}

export const config = {
  // Pages only: API routes answer 401 without the cookie, /api/ingo/webhook (Ingo calls it, not
  // the browser) needs none and gets none, and files (a dot in the name) need none either.
  matcher: ['/((?!api/|_next/|.*\\..*).*)'],
};
