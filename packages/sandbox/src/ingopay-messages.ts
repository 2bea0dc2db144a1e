/** IngoPay's answer texts and the sandbox's test amounts (INGOPAY.md §4, §9). */

export const INGOPAY_FAILURE =
  'Transaction Failure - Contact Ingo Payments Client Services at 877-739-2926';

/** Body `client_message` / `response.message` per code: Ingo's documented text where there is one. */
export const INGOPAY_MESSAGES: Readonly<Record<number, string>> = {
  100: 'Success',
  101: 'Success - Idempotent Response',
  102: 'Success - Pending Issuer Response',
  104: 'In Progress - Idempotent Response',
  400: INGOPAY_FAILURE,
  401: INGOPAY_FAILURE,
  402: INGOPAY_FAILURE,
  503: 'System Error - Temporarily unavailable, retry with the same participant_unique_id1',
  504: 'Issuer Timeout - Debit not completed, retry with the same participant_unique_id1',
  700: 'Account not currently available for processing via Ingo',
  760: 'Invalid customer_account_token',
  761: 'customer_account_token cannot be used with account_type',
  1042: 'Check Digit Failure - Please check account number and try again.',
};

/**
 * Sandbox-only test amounts, by the cents of the amount. `.02` is a push stand-in (102, stored
 * as a success); on a pull it is the pull stand-in placeholder 504 (nothing stored).
 */
export const INGOPAY_TEST_CENTS = {
  standIn: 2,
  slow: 4,
  checkDigit: 42,
  transient: 50,
  unavailable: 70,
} as const;

/** True unless the Accept header rules JSON out (e.g. `application/xml`). */
export function acceptsJson(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  if (value.trim() === '') return true;
  return value.split(',').some((part) => {
    const [type = '', ...params] = part
      .toLowerCase()
      .split(';')
      .map((s) => s.trim());
    const q = params.find((param) => param.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return (
      type === 'application/json' ||
      type === 'application/*' ||
      type === '*/*' ||
      type.endsWith('+json')
    );
  });
}
