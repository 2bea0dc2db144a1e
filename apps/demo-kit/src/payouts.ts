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

/** IngoPay's account types an Embedded Account Capture token can have. */
export type AccountType = (typeof ACCOUNT_TYPES)[Destination];

/**
 * The account the server keeps for the visitor: handed over by the page after TOKEN_SUCCESS, or
 * delivered by Ingo's tokenization webhook when the page never got to do that.
 */
export interface SavedAccount {
  customerAccountToken: string;
  accountType: AccountType;
  /** The form's destination; unknown when only the webhook told (it gives the account type). */
  destination?: Destination;
  /** Who told the server: the page (TOKEN_SUCCESS) or Ingo (the tokenization webhook). */
  source: 'page' | 'webhook';
  /** ISO-8601. */
  savedAt: string;
}

/**
 * The movements an account allows. A webhook says `CA` for debit and credit cards alike, so a
 * card whose destination the page never told is offered no collect.
 */
export function payoutsFor(
  account: Pick<SavedAccount, 'accountType' | 'destination'>,
): PayoutAction[] {
  const sameType = (Object.keys(ACCOUNT_TYPES) as Destination[]).filter(
    (destination) => ACCOUNT_TYPES[destination] === account.accountType,
  );
  return (Object.keys(PAYOUTS) as PayoutAction[]).filter((action) => {
    const { destinations } = PAYOUTS[action];
    if (account.destination) return destinations.includes(account.destination);
    // Only the account type is known: offer what every destination of that type allows.
    return sameType.every((destination) => destinations.includes(destination));
  });
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
