// Minimal app on @stripe/react-stripe-js + @stripe/stripe-js, as the issue defines it:
// the <Elements> provider, one <PaymentElement> and the useStripe() hook.
import { Elements, PaymentElement, useStripe } from '@stripe/react-stripe-js';
import { loadStripe } from '@stripe/stripe-js';
import { createRoot } from 'react-dom/client';

const stripePromise = loadStripe('pk_test_bench');

function Checkout() {
  const stripe = useStripe();
  return (
    <form>
      <PaymentElement />
      <button type="submit" disabled={!stripe}>
        Pay
      </button>
    </form>
  );
}

function App() {
  return (
    <Elements stripe={stripePromise} options={{ clientSecret: 'pi_bench_secret_bench' }}>
      <Checkout />
    </Elements>
  );
}

createRoot(document.getElementById('app') as HTMLElement).render(<App />);
