/**
 * The page's data, on the server: the signed-in visitor's recipient profile is rendered into the
 * form's inputs (no loading step), the account the server keeps for them (handed over by the
 * page, or brought by Ingo's webhook) into the funding panel, and the session for the form's
 * first destination, created while the page renders, which the form mounts without asking.
 * `locals.visitor` comes from hooks.server.ts.
 *
 * The load also runs when the pointer rests on a link to this page (the body's
 * data-sveltekit-preload-data="hover"): the session is then created on that intent.
 */
import { emptyRecipient, type Recipient } from '@ingo-embed/demo-kit/page';
import { demoServer } from '@ingo-embed/demo-kit/server';
import { sessionHandler } from '$lib/server/ingo';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, request, setHeaders }) => {
  // The page carries a session of this visitor: never to be cached or shared.
  setHeaders({ 'cache-control': 'private, no-store' });
  const recipient: Recipient = { ...emptyRecipient(), ...demoServer().recipientOf(locals.visitor) };
  return {
    title: 'Ingo embed — SvelteKit demo',
    heading: 'Ingo embed — SvelteKit demo',
    subtitle:
      '@ingo-embed/svelte in a server-rendered SvelteKit page; the session endpoint and the payouts are +server.ts routes.',
    recipient,
    account: demoServer().accountOf(locals.visitor),
    // The same handler, user binding and Ingo call as POST /api/ingo/session, under a new
    // browser key handed to the form; null (signed out, Ingo failing) lets the form ask itself.
    initialSession: await sessionHandler.initialSession(request, {
      destination: 'debit',
      locals,
    }),
  };
};
