// Minimal Svelte 5 app: one <IngoFundingForm>, its token and its failures.
import { IngoFundingForm } from '@ingo-embed/svelte';
import { mount } from 'svelte';

mount(IngoFundingForm, {
  target: document.getElementById('app') as HTMLElement,
  props: {
    destination: 'debit',
    session: '/api/ingo/session',
    onToken: (token) => console.log(token.customerAccountToken),
    onFailure: (error) => console.error(error.message),
  },
});
