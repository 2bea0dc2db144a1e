/** The outcome of one IngoPay request before it is rendered as a push or pull answer. */
import { INGOPAY_FAILURE as FAILURE, INGOPAY_MESSAGES } from './ingopay-messages.js';
import type { IngoPayProblem } from './ingopay-problems.js';
import type { Transaction } from './ingopay-store.js';

export type Outcome =
  | { code: number; message: string; transaction?: undefined }
  | { code: number; message: string; transaction: Transaction; view: 'full' | 'ids' };

export function problemText(problems: readonly IngoPayProblem[]): string {
  return problems.map((p) => `${p.field} ${p.message}`).join('; ');
}

export function failure(code: number, detail?: string): Outcome {
  const message = INGOPAY_MESSAGES[code] ?? FAILURE;
  return { code, message: detail ? `${message} (sandbox: ${detail})` : message };
}

/** The paths whose values differ between two flattened bodies (for the mismatch warning). */
export function differingFields(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => a[key] !== b[key]).sort();
}

/** The 104 answer: the original's ids and transaction_id, nothing about its outcome yet. */
export function idsAnswer(transaction: Transaction): Record<string, unknown> {
  const keep =
    transaction.kind === 'push'
      ? [
          'transaction_id',
          'request_timestamp',
          'customer_account_token',
          'participant_unique_id1',
          'participant_unique_id2',
        ]
      : ['transaction_id', 'customer_account_token', 'participant_unique_ids'];
  return Object.fromEntries(
    Object.entries(transaction.answer).filter(([key]) => keep.includes(key)),
  );
}
