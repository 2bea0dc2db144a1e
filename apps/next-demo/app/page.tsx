import { emptyRecipient, type Recipient } from '@ingo-embed/demo-kit/page';
import { demoServer } from '@ingo-embed/demo-kit/server';
import { ingoPreloadLinks } from '@ingo-embed/server';
import { headers } from 'next/headers';
import { preconnect, preload } from 'react-dom';
import { sessionHandler } from '@/lib/ingo';
import { currentVisitor } from '@/lib/visitor';
import { DemoNav } from './demo-nav';
import { FundingDemo } from './funding-demo';
import { RecipientForm } from './recipient-form';

// One render per request: the page shows the signed-in visitor's own recipient profile.
export const dynamic = 'force-dynamic';

/**
 * The demo page, a Server Component: it reads the visitor (the cookie proxy.ts hands out) and
 * renders their recipient profile and the account the server keeps for them on the server; the
 * funding form and everything that reacts to it live in the client component FundingDemo.
 *
 * It also makes the form instant: the session for the form's first destination is created here,
 * while the page renders (the browser mounts it without asking), and the head gets the hints
 * that start the SDK script's download before the page's JavaScript runs.
 */
export default async function Page() {
  const visitor = await currentVisitor();
  // The same handler, user binding and Ingo call as POST /api/ingo/session, under a new browser
  // key handed to the form; null (signed out, Ingo failing) lets the form ask the endpoint.
  const requestHeaders = await headers();
  const initialSession = await sessionHandler.initialSession(
    new Request(`http://${requestHeaders.get('host') ?? 'localhost'}/`, {
      headers: requestHeaders,
    }),
    { destination: 'debit' },
  );
  const { sdkUrl } = demoServer();
  if (sdkUrl) {
    // React puts these into the page's <head>: preconnects to Ingo's origins, the SDK's preload.
    for (const link of ingoPreloadLinks({ sdkUrl, sessionOrigin: initialSession?.authorizedUrl })) {
      if (link.rel === 'preconnect') preconnect(link.href);
      else preload(link.href, { as: 'script' });
    }
  }
  // What GET /api/demo/recipient would answer, rendered right away: no loading state.
  const recipient: Recipient = { ...emptyRecipient(), ...demoServer().recipientOf(visitor) };
  // What GET /api/demo/account would answer: the token the server keeps for the visitor, handed
  // over by an earlier page or delivered by Ingo's webhook when no page got to do that.
  const account = demoServer().accountOf(visitor);

  return (
    <main className="demo">
      <header className="demo-header">
        <h1>Ingo embed — Next.js demo</h1>
        <p>
          @ingo-embed/react in a server-rendered App Router page, @ingo-embed/server in its route
          handlers.
        </p>
      </header>
      <DemoNav current="/" />

      {/* One <div> per grid column; FundingDemo renders the second and the third. */}
      <div className="demo-grid">
        <div>
          <RecipientForm initialRecipient={recipient} />
        </div>
        <FundingDemo initialAccount={account} initialSession={initialSession} sdkUrl={sdkUrl} />
      </div>
    </main>
  );
}
