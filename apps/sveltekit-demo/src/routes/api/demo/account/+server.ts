/**
 * GET / POST /api/demo/account: the account (customer account token) TOKEN_SUCCESS gave the
 * visitor. The page posts it here; your server keeps it with the user for IngoPay calls.
 */
import { demoServer } from '@ingo-embed/demo-kit/server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, locals }) =>
  demoServer().account(request, locals.visitor);

export const POST: RequestHandler = ({ request, locals }) =>
  demoServer().account(request, locals.visitor);
