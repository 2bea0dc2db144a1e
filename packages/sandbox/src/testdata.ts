/**
 * The sandbox's documented test data (README "Test data"). Verification outcomes depend only on
 * these values, so tests and demos can drive every branch on purpose.
 */
import { type AccountInput, digitsOf } from './checks.js';
import type { FundingDestination } from './protocol.js';

export interface Biller {
  id: string;
  name: string;
  category: string;
}

/** The biller directory BillPay searches. Any query matching none of them is a no-match. */
export const BILLERS: readonly Biller[] = [
  { id: 'blr_1001', name: 'Sandbox Electric Company', category: 'Utilities' },
  { id: 'blr_1002', name: 'Sandbox Water & Sewer', category: 'Utilities' },
  { id: 'blr_1003', name: 'Sandbox Wireless', category: 'Phone' },
  { id: 'blr_1004', name: 'Acme Credit Card Services', category: 'Credit card' },
  { id: 'blr_1005', name: 'Acme Auto Finance', category: 'Loans' },
  { id: 'blr_1006', name: 'Riverbank Mortgage', category: 'Mortgage' },
  { id: 'blr_1007', name: 'City Gas & Heating', category: 'Utilities' },
  { id: 'blr_1008', name: 'Northwind Cable & Internet', category: 'Internet' },
];

export function searchBillers(query: string): Biller[] {
  const needle = query.trim().toLowerCase();
  if (needle.length < 2) return [];
  return BILLERS.filter((biller) => biller.name.toLowerCase().includes(needle)).slice(0, 10);
}

export type VerificationOutcome =
  | { kind: 'verified' }
  /** Fails verification: TERMINAL_FAILURE with this Ingo error code, and counts as an attempt. */
  | { kind: 'failed'; error: string }
  /** ACCOUNT_COULD_NOT_BE_VERIFIED: the recipient may try another account; not an attempt. */
  | { kind: 'not_verified' };

/** Values that fail verification, with the Ingo code each one reports. */
export const FAILING_VALUES = {
  card: { '4000000000000002': '700', '4000000000000119': '1105' },
  ach: { '1111222233': '1042' },
  billpay: { '9999999999': '700' },
  paypal: { 'declined@example.com': '700' },
} as const;

/** Values whose verification cannot be completed (ACCOUNT_COULD_NOT_BE_VERIFIED). */
export const UNVERIFIABLE_VALUES = {
  card: '4000000000000069',
  ach: '2222333344',
  billpay: '8888888888',
  paypal: 'unverified@example.com',
} as const;

/** Inputs are assumed to have passed `checkAccount` already. */
export function verificationOutcome(
  destination: FundingDestination,
  input: AccountInput,
): VerificationOutcome {
  const pick = (failing: Record<string, string>, unverifiable: string, value: string) => {
    const error = failing[value];
    if (error) return { kind: 'failed', error } as const;
    if (value === unverifiable) return { kind: 'not_verified' } as const;
    return { kind: 'verified' } as const;
  };
  switch (destination) {
    case 'debit':
    case 'credit':
      return pick(FAILING_VALUES.card, UNVERIFIABLE_VALUES.card, digitsOf(input.card_number ?? ''));
    case 'ach':
      return pick(
        FAILING_VALUES.ach,
        UNVERIFIABLE_VALUES.ach,
        digitsOf(input.account_number ?? ''),
      );
    case 'billpay':
      return pick(
        FAILING_VALUES.billpay,
        UNVERIFIABLE_VALUES.billpay,
        (input.account_number ?? '').trim(),
      );
    case 'paypal':
      return pick(
        FAILING_VALUES.paypal,
        UNVERIFIABLE_VALUES.paypal,
        (input.email ?? '').trim().toLowerCase(),
      );
  }
}

/** What the confirmation step shows: never the full number. */
export function accountSummary(
  destination: FundingDestination,
  input: AccountInput,
): { label: string; value: string }[] {
  const last4 = (value: string) => `•••• ${digitsOf(value).slice(-4)}`;
  switch (destination) {
    case 'debit':
    case 'credit':
      return [
        { label: 'card', value: last4(input.card_number ?? '') },
        { label: 'name', value: (input.name ?? '').trim() },
      ];
    case 'ach':
      return [
        { label: 'routing_number', value: digitsOf(input.routing_number ?? '') },
        { label: 'account_number', value: last4(input.account_number ?? '') },
        { label: 'account_type', value: input.account_type ?? '' },
      ];
    case 'billpay': {
      const biller = BILLERS.find((b) => b.id === input.biller_id);
      return [
        { label: 'biller', value: biller?.name ?? '' },
        { label: 'account_number', value: last4(input.account_number ?? '') },
      ];
    }
    case 'paypal':
      return [{ label: 'email', value: (input.email ?? '').trim() }];
  }
}
