// Minimal app on @ingo-embed/core alone: mount the form, keep the token, show failures.
import { mountFundingForm } from '@ingo-embed/core';

const form = mountFundingForm(document.getElementById('app') as HTMLElement, {
  destination: 'debit',
  session: '/api/ingo/session',
  onToken: (token) => console.log(token.customerAccountToken),
  onFailure: (error) => console.error(error.message),
});
addEventListener('pagehide', () => form.destroy());
