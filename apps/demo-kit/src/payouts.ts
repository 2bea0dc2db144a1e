/**
 * The demo's money movements, shared by the page (labels, which destination offers what) and the
 * server (amounts and account types, which only the server decides). Browser-safe: no imports.
 */

export type Destination = 'debit' | 'credit' | 'ach' | 'billpay' | 'paypal';

/** What the page may ask for; the server decides the rest. */
export type PayoutAction = 'send' | 'collect';

export interface Payout {
  /** The button's text. */
  label: string;
  /** Decimal dollars, as the server sends it to Ingo. */
  amount: string;
  /** The destinations this movement works with. */
  destinations: readonly Destination[];
}

export const PAYOUTS: Readonly<Record<PayoutAction, Payout>> = {
  // A push (IngoPay process) reaches every kind of account Ingo tokenizes.
  send: {
    label: 'Send $25.00',
    amount: '25.00',
    destinations: ['debit', 'credit', 'ach', 'billpay', 'paypal'],
  },
  // A pull (IngoPay debit) takes money from a debit card or a bank account only.
  collect: { label: 'Collect $10.00', amount: '10.00', destinations: ['debit', 'ach'] },
};

/** IngoPay's `account_type` for an account captured with each destination. */
export const ACCOUNT_TYPES = {
  debit: 'CA',
  credit: 'CA',
  ach: 'AC',
  billpay: 'BP',
  paypal: 'PD',
} as const satisfies Record<Destination, string>;

/** The account the server keeps for the visitor after TOKEN_SUCCESS. */
export interface SavedAccount {
  customerAccountToken: string;
  destination: Destination;
  /** ISO-8601. */
  savedAt: string;
}

/** The server's answer to a payout request. */
export interface PayoutAnswer {
  action: PayoutAction;
  /** `@ingo-embed/server`'s outcome: succeeded, pending, failed, assumed_succeeded, assumed_failed. */
  outcome: string;
  amount: string;
  transactionId: string | null;
  /** Ingo's estimate, e.g. "Payment will post within 5 minutes." */
  estimatedPosting: string | null;
  /** Ingo's status code, e.g. 100, 101 (a replay of the same payout) or 700 (declined). */
  ingoStatus: number | null;
}
