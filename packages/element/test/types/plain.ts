// The element in plain TypeScript, with no framework's types in the program: what `tsc` sees in
// an app that only imports the package.
import {
  type FundingFormState,
  type IngoEmbedError,
  IngoFundingFormElement,
  type IngoToken,
} from '@ingo-embed/element';

const form = document.createElement('ingo-funding-form');
form satisfies IngoFundingFormElement;
form.destination = 'debit';
form.session = '/api/ingo/session';
form.session = async ({ destination, idempotencyKey }) => ({
  authorizedUrl: `https://example.test/session/${destination}/${idempotencyKey}`,
});
form.sdkOptions = { autoHeight: true };
form.timeoutMs = 10_000;
form.initialSession = null;

form.addEventListener('ingo-token', (event) => {
  const token: IngoToken = event.detail;
  const value: string = event.detail.customerAccountToken;
  return [token, value];
});
form.addEventListener('ingo-failure', (event) => {
  const failure: IngoEmbedError = event.detail;
  const retryable: boolean = failure.retryable;
  if (retryable) form.retry();
});
form.addEventListener('ingo-statechange', (event) => {
  const state: FundingFormState = event.detail;
  return state === form.state;
});
// The events bubble: a parent and the document hear them too.
document.addEventListener('ingo-cancel', (event) => event.detail.sessionId);
document.querySelector('ingo-funding-form')?.retry();
const error: IngoEmbedError | undefined = form.error;

export { error, IngoFundingFormElement };

// @ts-expect-error: not one of Ingo's destinations
form.destination = 'venmo';
// @ts-expect-error: the state is the element's to tell
form.state = 'ready';
form.addEventListener('ingo-token', (event) => {
  // @ts-expect-error: a token is not a failure
  return event.detail.code;
});
