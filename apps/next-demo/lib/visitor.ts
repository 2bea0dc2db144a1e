import { VISITOR_COOKIE, visitorFromCookie } from '@ingo-embed/demo-kit/server';
import { cookies } from 'next/headers';

/**
 * The signed-in visitor of the current request, or undefined: the demo's stand-in for your auth
 * (the visitor cookie that proxy.ts hands out with the first page). Server Components and route
 * handlers call it; in your app this is your session lookup.
 */
export async function currentVisitor(): Promise<string | undefined> {
  return visitorFromCookie((await cookies()).get(VISITOR_COOKIE)?.value);
}
