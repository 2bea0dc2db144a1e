// Minimal Vue app: one <IngoFundingForm>, its token and its failures.
import { IngoFundingForm } from '@ingo-embed/vue';
import { createApp, h } from 'vue';

createApp({
  render: () =>
    h(IngoFundingForm, {
      destination: 'debit',
      session: '/api/ingo/session',
      onToken: (token: { customerAccountToken: string }) => console.log(token.customerAccountToken),
      onFailure: (error: Error) => console.error(error.message),
    }),
}).mount('#app');
