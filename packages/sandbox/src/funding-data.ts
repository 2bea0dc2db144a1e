/**
 * The values that drive each verification outcome on the hosted page, per destination: the
 * sandbox's documented test data (README "Test data"), for test helpers and customers' tests.
 */
import { UNVERIFIABLE_VALUES } from './testdata.js';

/** What the Confirm step will do with the values `fillFundingForm` enters. */
export type FundingOutcome = 'success' | 'terminal_failure' | 'unverifiable';

/** The sandbox's documented test data (README "Test data") per destination and outcome. */
export const FUNDING_TEST_DATA = {
  card: {
    success: '4111111111111111',
    terminal_failure: { '700': '4000000000000002', '1105': '4000000000000119' },
    unverifiable: UNVERIFIABLE_VALUES.card,
    expiration: '12/34',
    cvv: '123',
    name: 'Jane Doe',
  },
  ach: {
    routingNumber: '011000015',
    success: '123456789',
    terminal_failure: '1111222233',
    unverifiable: UNVERIFIABLE_VALUES.ach,
  },
  billpay: {
    search: 'Sandbox Electric',
    biller: 'Sandbox Electric Company',
    success: '55501234',
    terminal_failure: '9999999999',
    unverifiable: UNVERIFIABLE_VALUES.billpay,
  },
  paypal: {
    success: 'jane.doe@example.com',
    terminal_failure: 'declined@example.com',
    unverifiable: UNVERIFIABLE_VALUES.paypal,
  },
} as const;
