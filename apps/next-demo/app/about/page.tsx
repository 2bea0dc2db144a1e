import type { Metadata } from 'next';
import { DemoNav } from '../demo-nav';

export const metadata: Metadata = { title: 'About' };

export default function About() {
  return (
    <main className="demo">
      <header className="demo-header">
        <h1>About this demo</h1>
        <p>What the Next.js sample app shows, and which of its files to copy.</p>
      </header>
      <DemoNav current="/about" />

      <section className="demo-panel" aria-labelledby="shows-title">
        <h2 id="shows-title">What it shows</h2>
        <p>
          Ingo's Embedded Account Capture iFrame in an App Router page. The page is a Server
          Component: it renders the signed-in user's recipient details on the server and hands the
          funding form (<code>&lt;IngoFundingForm&gt;</code> from <code>@ingo-embed/react</code>) to
          a Client Component. The form asks this app's own session endpoint for an Ingo session; the
          HMAC secret and the recipient's details never leave the server. The token Ingo gives back
          is kept on the server, which then sends money to the account (or collects from it) with
          IngoPay.
        </p>
      </section>

      <section className="demo-panel" aria-labelledby="files-title">
        <h2 id="files-title">The files to copy</h2>
        <ul>
          <li>
            <code>app/api/ingo/session/route.ts</code>: the session endpoint, made with{' '}
            <code>@ingo-embed/server</code>.
          </li>
          <li>
            <code>app/funding-demo.tsx</code>: the Client Component around the form (props,
            callbacks, <code>retry()</code>, saving the token, payouts).
          </li>
          <li>
            <code>app/page.tsx</code>: the Server Component page that renders it.
          </li>
          <li>
            <code>proxy.ts</code> and <code>lib/visitor.ts</code>: the demo's stand-in for your
            sign-in (a visitor cookie); in your app, your auth.
          </li>
        </ul>
      </section>
    </main>
  );
}
