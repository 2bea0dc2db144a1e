import { createHmac } from 'node:crypto';
import { type Mock, vi } from 'vitest';
import {
  createMemoryWebhookStore,
  createWebhookHandler,
  type IngoWebhookError,
  type WebhookDelivery,
  type WebhookHandler,
  type WebhookHandlerOptions,
  type WebhookStore,
} from '../src/index.js';

/** WEBHOOKS.md §7, verbatim (Ingo's example values, arrays trimmed). */
export const EXAMPLES = {
  tokenization: `{"metadata":{"topic":"plugin.transaction.account.tokenization.success","topic_description":"This event reports successful tokenization of a recipient disbursement account. Includes the token and other account information.","version":"3","timestamp":1776970179,"id":"438c568d-e2d1-4644-98d7-a8b9e32ce2ad"},
 "data":{"ancillary":{"tracer_token":"90018_1776970034_1556c27a-863b-4a62-8385-98076c844947","session_id":"00000000-0000-0000-0000-000000000001","participant_unique_id1":"PARTNER-REF-001","participant_unique_id2":""},
  "event":{"status":"100","client_message":"Success","customer_account_token":"5cbd8f48-95dc-4b00-9dd8-89bd337ddd63","account_type":"BP","account_id":"516803","last_4":"3456","attempt_count":0,"max_attempts":3,
   "issuers":[{"payee_id":"551475","payee_name":"American Property Management of IL, Inc.","payee_address":"PO Box 66407","payee_city":"Chicago","payee_state":"IL","payee_zip":"60666-6407","issuing_network":"NA","credit_enabled":1,"debit_enabled":1,
     "credit_info":{"min":"0.01","max":"500.00","card_type":"NA","estimated_posting_date":"04/24/2026","estimated_posting_time":"Payment will post 04/24/2026\\n"}}]}}}`,
  terminated: `{"metadata":{"topic":"plugin.transaction.session.request.terminated","topic_description":"Overall max account verification attempts limit exceeded","version":"1","timestamp":1752005355,"id":"prod1-123456-abcd-1234-ab12-c123d456e789"},
 "data":{"ancillary":{"tracer_token":"9999999abc-9abc-acb9-cab9999999999","session_id":"00000000-0000-0000-0000-000000000001","participant_unique_id1":"22222222-5555-3333333-4444444444","participant_unique_id2":"111111111-2222-3333333-4444444444"},
  "event":{"status":"1127","client_message":"Overall max account verification attempts limit exceeded"}}}`,
  navFailure: `{"metadata":{"topic":"plugin.transaction.account.verification.ach.nav.failure","topic_description":"This event reports Name on Account Validation (NAV) validation failure on an ACH payment request.","version":"1","timestamp":1720655064,"id":"prod1-123456-abcd-1234-ab12-c123d456e789"},
 "data":{"ancillary":{"tracer_token":"9999999abc-9abc-acb9-cab9999999999","session_id":"00000000-0000-0000-0000-000000000001","participant_unique_id1":"22222222-5555-3333333-4444444444","participant_unique_id2":"111111111-2222-3333333-4444444444"},
  "event":{"status":"777","client_message":"Address did not match","attempt_count":1,"max_attempts":3}}}`,
  checkReturned: `{"metadata":{"topic":"gateway.transaction.recipient.status.payment.check.returned","topic_description":"This event indicates that a check transaction has been returned due to positive pay exception","version":"1","timestamp":1758740163,"id":"sb01-e606fb9e-6f67-4f50-a43d-e8b37ac82182"},
 "data":{"ancillary":{"participant_unique_id1":"PARTNER-REF-001","participant_unique_id2":"PARTNER-REF-002","session_id":""},
  "event":{"status":"1114","client_message":"Payment Returned by Issuer","reason_code":"02","check_number":"400000037","check_amount":"1.05"}}}`,
} as const;

export const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';
export const INGO_PRODUCTION_IP = '64.88.183.84';

/** A tokenization envelope with the given id and `participant_unique_id1`. */
export function tokenization(id: string, participantUniqueId1 = 'PARTNER-REF-001'): string {
  const body = JSON.parse(EXAMPLES.tokenization);
  body.metadata.id = id;
  body.data.ancillary.participant_unique_id1 = participantUniqueId1;
  return JSON.stringify(body);
}

/** The emulator's scheme, computed independently of src/: base64(HMAC-SHA512(secret, body)). */
export function sign(body: string | Uint8Array, secret = SANDBOX_WEBHOOK_SECRET): string {
  return createHmac('sha512', secret).update(body).digest('base64');
}

export function delivery(
  body: string,
  init: { headers?: Record<string, string>; method?: string } = {},
): Request {
  return new Request('https://merchant.example.com/api/ingo/webhooks', {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.method === 'GET' ? {} : { body }),
  });
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface WebhookSetup {
  handler: WebhookHandler;
  /** The default onEvent (not called when `options.onEvent` replaced it). */
  onEvent: Mock<(delivery: WebhookDelivery) => Promise<void>>;
  onError: Mock<(error: IngoWebhookError, request: Request) => void>;
  store: WebhookStore & { readonly size: number };
  /** What the default onEvent received. */
  deliveries: WebhookDelivery[];
}

/** A webhook handler with recording onEvent/onError, accepting only this machine by default. */
export function webhookSetup(options: Partial<WebhookHandlerOptions> = {}): WebhookSetup {
  const deliveries: WebhookDelivery[] = [];
  const onEvent = vi.fn(async (delivery: WebhookDelivery) => {
    deliveries.push(delivery);
  });
  const onError = vi.fn<(error: IngoWebhookError, request: Request) => void>();
  const store = createMemoryWebhookStore();
  const handler = createWebhookHandler({
    onEvent,
    store,
    ipAllowlist: 'local',
    onError,
    ...options,
  });
  return { handler, onEvent, onError, store, deliveries };
}

export const LOCAL = { remoteAddress: '127.0.0.1' } as const;

export async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { error?: { code?: string } };
  return body.error?.code;
}
