// Minimal React app: one <IngoFundingForm>, its token and its failures.
import { type IngoEmbedError, IngoFundingForm, type IngoToken } from '@ingo-embed/react';
import { createRoot } from 'react-dom/client';

function App() {
  return (
    <IngoFundingForm
      destination="debit"
      session="/api/ingo/session"
      onToken={(token: IngoToken) => console.log(token.customerAccountToken)}
      onFailure={(error: IngoEmbedError) => console.error(error.message)}
    />
  );
}

createRoot(document.getElementById('app') as HTMLElement).render(<App />);
