/**
 * The page's data, on the server: the signed-in visitor's recipient profile is rendered into the
 * form's inputs (no loading step), and the account the server keeps for them (handed over by the
 * page, or brought by Ingo's webhook) into the funding panel. `locals.visitor` comes from
 * hooks.server.ts.
 */
import { emptyRecipient, type Recipient } from '@ingo-embed/demo-kit/page';
import { demoServer } from '@ingo-embed/demo-kit/server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  const recipient: Recipient = { ...emptyRecipient(), ...demoServer().recipientOf(locals.visitor) };
  return {
    title: 'Ingo embed — SvelteKit demo',
    heading: 'Ingo embed — SvelteKit demo',
    subtitle:
      '@ingo-embed/svelte in a server-rendered SvelteKit page; the session endpoint and the payouts are +server.ts routes.',
    recipient,
    account: demoServer().accountOf(locals.visitor),
  };
};
