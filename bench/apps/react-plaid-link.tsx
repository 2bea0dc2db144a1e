// Minimal app on react-plaid-link: the usePlaidLink() hook and a button that opens Link.
import { createRoot } from 'react-dom/client';
import { usePlaidLink } from 'react-plaid-link';

function App() {
  const { open, ready } = usePlaidLink({
    token: 'link-sandbox-bench',
    onSuccess: (publicToken) => console.log(publicToken),
  });
  return (
    <button type="button" onClick={() => open()} disabled={!ready}>
      Link account
    </button>
  );
}

createRoot(document.getElementById('app') as HTMLElement).render(<App />);
