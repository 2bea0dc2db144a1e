import {
  createIngoClient,
  type FetchLike,
  type IngoClientOptions,
  type PullFundsInput,
  type PushFundsInput,
} from '../src/index.js';

export const USERNAME = 'merchant';
export const SECRET = 'merchant-secret';

/** A client with short IngoPay delays, so that retry tests run in milliseconds. */
export function payClient(fetch: FetchLike, options: Partial<IngoClientOptions> = {}) {
  return createIngoClient({
    username: USERNAME,
    secret: SECRET,
    environment: 'sandbox',
    fetch,
    participantId: 12345,
    ...options,
    ingoPay: {
      timeoutMs: 40,
      maxAttempts: 3,
      firstRetryDelayMs: 1,
      maxRetryDelayMs: 4,
      maxRequestsPerSecond: 1000,
      ...options.ingoPay,
    },
  });
}

export const PUSH: PushFundsInput = {
  accountType: 'CA',
  amount: '25.00',
  customerAccountToken: '89421718-a62e-4344-8a1d-4baf73fb11f1',
  participantUniqueId1: 'payout-1',
  sourceOfFunds: 4,
};

export const PULL: PullFundsInput = {
  accountType: 'CA',
  amount: '25.00',
  customerAccountToken: '4153e416-d81d-4420-a494-9feceed4eef3',
  participantUniqueId1: 'collect-1',
  sourceOfFunds: 4,
};

/** A push answer as Ingo documents it: numeric status and transaction id. */
export function pushAnswer(status = 100, transactionId: number | string = 2361537) {
  return {
    status,
    client_message:
      status === 101 ? 'Success - Idempotent Response' : status === 100 ? 'Success' : 'Status',
    data: {
      estimated_posting_time: 'Payment will post within 5 minutes.',
      estimated_posting_date: '04/22/2026',
      transaction_id: transactionId,
      request_timestamp: 1576100704,
      customer_account_token: PUSH.customerAccountToken,
      participant_unique_id1: PUSH.participantUniqueId1,
      participant_unique_id2: '',
    },
    time: '1.3092',
  };
}

/** A pull answer as Ingo documents it: everything a string. */
export function pullAnswer(status = '100', transactionId = '1237775') {
  return {
    request: { participant_id: '12345', timestamp: '1576100703' },
    response: { status, message: status === '100' ? 'Success' : 'Status', duration: '1.1809' },
    transaction: {
      estimated_posting_date: '04/23/2026',
      estimated_posting_time: 'Payment will post 04/23/2026',
      transaction_id: transactionId,
      customer_account_token: PULL.customerAccountToken,
      participant_unique_ids: { participant_unique_id1: PULL.participantUniqueId1 },
    },
  };
}

/** A refusal in Ingo's push layout. */
export function pushFailure(status: number, message = 'Transaction Failure') {
  return { status, client_message: message, data: {}, time: '0.1' };
}
