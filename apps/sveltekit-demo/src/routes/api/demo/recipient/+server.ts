/** GET / PUT /api/demo/recipient: the signed-in visitor's recipient profile, kept on the server. */
import { demoServer } from '@ingo-embed/demo-kit/server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, locals }) =>
  demoServer().recipient(request, locals.visitor);

export const PUT: RequestHandler = ({ request, locals }) =>
  demoServer().recipient(request, locals.visitor);
