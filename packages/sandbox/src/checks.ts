/**
 * Input checks for the account forms. The page runs them for inline errors and the server runs
 * them again before "verifying" (the page is never trusted). Results are message keys so each
 * side can translate them. No Node or DOM imports: this file is bundled into the page script.
 */
import type { FundingDestination } from './protocol.js';

export type AccountInput = Record<string, string>;

export type CheckMessage =
  | 'required'
  | 'card_number_invalid'
  | 'expiry_invalid'
  | 'expiry_past'
  | 'cvv_invalid'
  | 'name_invalid'
  | 'routing_invalid'
  | 'account_number_invalid'
  | 'account_type_invalid'
  | 'biller_account_invalid'
  | 'biller_unknown'
  | 'email_invalid';

export interface FieldProblem {
  field: string;
  message: CheckMessage;
}

/** The fields each destination's form sends, in display order. */
export const ACCOUNT_FIELDS: Record<FundingDestination, readonly string[]> = {
  debit: ['card_number', 'expiration', 'cvv', 'name'],
  credit: ['card_number', 'expiration', 'cvv', 'name'],
  ach: ['routing_number', 'account_number', 'account_type'],
  billpay: ['biller_id', 'account_number'],
  paypal: ['email'],
};

/** Digits only: people type card and bank numbers with spaces or dashes. */
export function digitsOf(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** ABA routing number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function abaRoutingValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const d = [...routing].map(Number) as number[];
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  const sum = d.reduce((total, digit, i) => total + digit * (weights[i] ?? 0), 0);
  return sum % 10 === 0;
}

/**
 * `MM/YY` (also `MM/YYYY`, `MMYY`); a card is valid through the last day of its month.
 * `nowMs` is passed in so the server's injectable clock decides, not the browser's.
 */
export function expiryProblem(value: string, nowMs: number): CheckMessage | undefined {
  const match = /^(\d{2})\s*\/?\s*(\d{2}|\d{4})$/.exec(value.trim());
  if (!match) return 'expiry_invalid';
  const month = Number(match[1]);
  let year = Number(match[2]);
  if (month < 1 || month > 12) return 'expiry_invalid';
  if (year < 100) year += 2000;
  const now = new Date(nowMs);
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const expiry = year * 12 + (month - 1);
  if (expiry < current) return 'expiry_past';
  if (expiry > current + 12 * 20) return 'expiry_invalid';
  return undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function checkAccount(
  destination: FundingDestination,
  input: AccountInput,
  nowMs: number,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const value = (field: string) => (input[field] ?? '').trim();
  const add = (field: string, message: CheckMessage) => problems.push({ field, message });

  for (const field of ACCOUNT_FIELDS[destination]) {
    if (value(field) === '') add(field, 'required');
  }
  const missing = new Set(problems.map((p) => p.field));
  const present = (field: string) => !missing.has(field);

  switch (destination) {
    case 'debit':
    case 'credit': {
      if (present('card_number') && !luhnValid(digitsOf(value('card_number')))) {
        add('card_number', 'card_number_invalid');
      }
      if (present('expiration')) {
        const problem = expiryProblem(value('expiration'), nowMs);
        if (problem) add('expiration', problem);
      }
      if (present('cvv') && !/^\d{3,4}$/.test(value('cvv'))) add('cvv', 'cvv_invalid');
      if (present('name') && !/^[\p{L}][\p{L}' .-]{1,99}$/u.test(value('name'))) {
        add('name', 'name_invalid');
      }
      break;
    }
    case 'ach': {
      if (present('routing_number') && !abaRoutingValid(digitsOf(value('routing_number')))) {
        add('routing_number', 'routing_invalid');
      }
      if (present('account_number') && !/^\d{4,17}$/.test(digitsOf(value('account_number')))) {
        add('account_number', 'account_number_invalid');
      }
      if (present('account_type') && !['checking', 'savings'].includes(value('account_type'))) {
        add('account_type', 'account_type_invalid');
      }
      break;
    }
    case 'billpay': {
      if (present('account_number') && !/^[A-Za-z0-9-]{4,30}$/.test(value('account_number'))) {
        add('account_number', 'biller_account_invalid');
      }
      break;
    }
    case 'paypal': {
      if (present('email') && (value('email').length > 254 || !EMAIL.test(value('email')))) {
        add('email', 'email_invalid');
      }
      break;
    }
  }
  // Display order, so the first problem is the first field the user sees.
  const order = ACCOUNT_FIELDS[destination];
  return problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}
