/**
 * `@ingo-embed/demo-kit/page`: the framework-free half of the three demo pages, so that each demo
 * only holds its framework's code (components, state, markup) and the pages cannot drift apart:
 * the end-to-end tests drive all three by the same labels.
 *
 * Runs in the browser: nothing here may import Node modules or `@ingo-embed/server` (the bundle is
 * built for a neutral platform and the test in test/page.test.ts checks that every import is a
 * type-only one).
 */
import type { FundingDestination, IngoEvent } from '@ingo-embed/core';
import type { PayoutAction, PayoutAnswer, SavedAccount } from './payouts.js';

export type { PayoutAction, PayoutAnswer, SavedAccount } from './payouts.js';
export { PAYOUTS, payoutsFor } from './payouts.js';

/** Where the demo server keeps the signed-in visitor's recipient profile (see `ingoDemoServer()`). */
export const RECIPIENT_URL = '/api/demo/recipient';

/**
 * The demo's recipient profile, as `GET`/`PUT /api/demo/recipient` answers and accepts it: the
 * subset of `@ingo-embed/server`'s `Recipient` the form edits (redeclared here, not imported, so
 * that no server code can reach the browser bundle).
 */
export interface Recipient {
  firstName: string;
  lastName: string;
  addressLine1: string;
  city: string;
  state: string;
  zipCode: string;
  emailAddress: string;
  phoneNumber?: string;
}

/** The recipient fields the form shows (the phone number is optional and not asked for). */
export type RecipientFieldKey = Exclude<keyof Recipient, 'phoneNumber'>;

/** One input of the recipient form. */
export interface RecipientField {
  /** The `Recipient` property, also the input's `name` and the name the server uses in `fields`. */
  key: RecipientFieldKey;
  label: string;
  /**
   * The HTML `autocomplete` value. DOM's `AutoFill` type, so Svelte (which checks the attribute's
   * values) accepts it as it is; React takes it as `autoComplete`.
   */
  autocomplete: AutoFill;
  /** The input's `type`; `text` when absent. */
  type?: 'email';
}

/** The recipient form, one inner array per line: fields of one line sit side by side (`demo-row`). */
export const RECIPIENT_FIELDS: readonly (readonly RecipientField[])[] = [
  [
    { key: 'firstName', label: 'First name', autocomplete: 'given-name' },
    { key: 'lastName', label: 'Last name', autocomplete: 'family-name' },
  ],
  [{ key: 'addressLine1', label: 'Address', autocomplete: 'address-line1' }],
  [{ key: 'city', label: 'City', autocomplete: 'address-level2' }],
  [
    { key: 'state', label: 'State', autocomplete: 'address-level1' },
    { key: 'zipCode', label: 'ZIP code', autocomplete: 'postal-code' },
  ],
  [{ key: 'emailAddress', label: 'Email', autocomplete: 'email', type: 'email' }],
];

/** What the form holds until the profile has loaded (its inputs are disabled meanwhile). */
export function emptyRecipient(): Recipient {
  // A function, not a constant: the frameworks' state would otherwise share (and mutate) one object.
  return {
    firstName: '',
    lastName: '',
    addressLine1: '',
    city: '',
    state: '',
    zipCode: '',
    emailAddress: '',
  };
}

/** The status line under the recipient form. */
export const RECIPIENT_STATUS = {
  loading: 'Loading…',
  saved: 'Saved: the next session uses these details.',
  loadFailed: (failure: unknown) => `Could not load the recipient: ${messageOf(failure)}`,
  saveFailed: (failure: unknown) => `Not saved: ${messageOf(failure)}`,
} as const;

/**
 * A refused recipient request: the message of the server's `{ error: { message, fields? } }`
 * answer (or a generic one), and the names of the fields it refused (a 400 of the PUT), e.g.
 * `zipCode`, for `aria-invalid`.
 */
export class DemoRequestError extends Error {
  override name = 'DemoRequestError';

  constructor(
    message: string,
    readonly fields: readonly string[] = [],
    /** The HTTP status of the answer; undefined when there was none (a network error). */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The fields a failed save refused; none for any other failure (e.g. the network). */
export function invalidFields(failure: unknown): string[] {
  return failure instanceof DemoRequestError ? [...failure.fields] : [];
}

/** Where the server keeps the account TOKEN_SUCCESS gave the visitor. */
export const ACCOUNT_URL = '/api/demo/account';
/** Where the page asks the server to move money with that account. */
export const PAYOUT_URL = '/api/demo/payout';

/** Loads the signed-in visitor's recipient profile. Rejects with a {@link DemoRequestError}. */
export async function loadRecipient(fetchFn: typeof fetch = fetch): Promise<Recipient> {
  const response = await fetchFn(RECIPIENT_URL);
  if (!response.ok) throw await requestError(response);
  return (await response.json()) as Recipient;
}

/**
 * Saves the recipient profile; the session endpoint uses it from the next session on. Resolves
 * with the profile as the server stored it (trimmed, empty optional fields dropped).
 */
export async function saveRecipient(
  recipient: Recipient,
  fetchFn: typeof fetch = fetch,
): Promise<Recipient> {
  const response = await fetchFn(RECIPIENT_URL, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(recipient),
  });
  if (!response.ok) throw await requestError(response);
  return (await response.json()) as Recipient;
}

async function requestError(response: Response): Promise<DemoRequestError> {
  const body = await response.json().catch(() => undefined);
  const error = body?.error;
  const fields: unknown = error?.fields;
  return new DemoRequestError(
    typeof error?.message === 'string' ? error.message : `the server answered ${response.status}`,
    // Trust nothing of an error answer's shape: only a list of names can mark inputs.
    Array.isArray(fields) ? fields.filter((field) => typeof field === 'string') : [],
    response.status,
  );
}

function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

/** The destination radio buttons, in this order, with the labels the end-to-end tests click. */
export const DESTINATIONS: readonly { value: FundingDestination; label: string }[] = [
  { value: 'debit', label: 'Debit card' },
  { value: 'credit', label: 'Credit card' },
  { value: 'ach', label: 'Bank account (ACH)' },
  { value: 'billpay', label: 'BillPay' },
  { value: 'paypal', label: 'PayPal' },
];

/**
 * One line of the event log: the event type first, then what identifies it, e.g.
 * `TERMINAL_FAILURE · debit · error 1001 · session 4f…`.
 */
export function describe(event: IngoEvent): string {
  const details = [
    event.destination,
    event.errorCode && `error ${event.errorCode}`,
    event.sessionId && `session ${event.sessionId}`,
  ].filter(Boolean);
  return [event.type, ...details].join(' · ');
}

/**
 * Hands TOKEN_SUCCESS's token to the server, which keeps it with the signed-in visitor for
 * IngoPay calls. Resolves with the account as the server keeps it.
 */
export async function saveAccount(
  token: { customerAccountToken: string; destination: FundingDestination },
  fetchFn: typeof fetch = fetch,
): Promise<SavedAccount> {
  const response = await fetchFn(ACCOUNT_URL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      customerAccountToken: token.customerAccountToken,
      destination: token.destination,
    }),
  });
  if (!response.ok) throw await requestError(response);
  return ((await response.json()) as { account: SavedAccount }).account;
}

/**
 * The page's side of "Send $25.00" / "Collect $10.00". The page only says which action; the
 * server decides amount, account and payout id. Each click gets a request id the server derives
 * the payout id from, and that id is kept until an answer arrives: a double click (two calls
 * while one is out) shares one request, and a click after a lost answer (a network error, a 5xx)
 * resends the same id, so it is the same payout, never a second one.
 */
export function createPayouts(fetchFn: typeof fetch = fetch) {
  const inFlight = new Map<PayoutAction, Promise<PayoutAnswer>>();
  const unanswered = new Map<PayoutAction, string>();

  async function send(action: PayoutAction, requestId: string): Promise<PayoutAnswer> {
    const response = await fetchFn(PAYOUT_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action, requestId }),
    });
    if (!response.ok) throw await requestError(response);
    return (await response.json()) as PayoutAnswer;
  }

  return {
    /** Runs one payout; resolves with the server's answer, rejects with a DemoRequestError. */
    run(action: PayoutAction): Promise<PayoutAnswer> {
      const running = inFlight.get(action);
      if (running) return running;
      const requestId = unanswered.get(action) ?? crypto.randomUUID();
      unanswered.set(action, requestId);
      const request = send(action, requestId).then(
        (answer) => {
          // Answered: the next click is a new payout.
          unanswered.delete(action);
          return answer;
        },
        (failure: unknown) => {
          // A 4xx was a definite refusal: nothing moved, the next click may start afresh.
          const refused =
            failure instanceof DemoRequestError &&
            failure.status !== undefined &&
            failure.status < 500;
          if (refused) unanswered.delete(action);
          throw failure;
        },
      );
      const settled = request.finally(() => inFlight.delete(action));
      inFlight.set(action, settled);
      return settled;
    },
  };
}

/** One line for a payout answer, e.g. `send · succeeded · $25.00 · transaction 2361537`. */
export function describePayout(answer: PayoutAnswer): string {
  return [
    answer.action,
    answer.outcome,
    `$${answer.amount}`,
    answer.transactionId && `transaction ${answer.transactionId}`,
    answer.ingoStatus !== null &&
      answer.outcome === 'failed' &&
      `declined with code ${answer.ingoStatus}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The account the server keeps, in one line: its token, IngoPay account type and who told the
 * server, e.g. `5cbd8f48-… · CA · from Ingo's webhook`.
 */
export function describeAccount(account: SavedAccount): string {
  const source = account.source === 'webhook' ? "from Ingo's webhook" : 'from the page';
  return `${account.customerAccountToken} · ${account.accountType} · ${source}`;
}
