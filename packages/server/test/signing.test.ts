import { describe, expect, it } from 'vitest';
import { IngoConfigError, signRequest } from '../src/index.js';

// REFERENCE §3.8: derived vectors (computed with the Kong-style recipe of §3.3).
const VECTOR = {
  username: 'test',
  secret: 'test-secret',
  date: new Date('Fri, 17 Jan 2020 19:59:29 GMT'),
  method: 'POST',
  path: '/api/v1/sessions/point-in-time/plugin',
  body: '{"participant_unique_id1":"70646041-01ea-4cd6-b657-18ff88e465c7","recipient_information":{"first_name":"Jane","last_name":"Doe","address_line1":"123 Main St","city":"Anytown","state":"GA","zip_code":"30301","email_address":"jane.doe@example.com"}}',
  contentSha512:
    '/zAitY0NOxbv/aOkCZPJGrtkyNSlQC+AHAVFlt0WOlE9aF12TWuGgwMBVxr8CEkeghZVpCCbHR39YFXmyIo4MQ==',
  quickStartOrder: {
    headers: [
      'request-line',
      'x-date',
      'content-type',
      'content-sha512',
      'content-length',
    ] as const,
    signature:
      'cCXDE5tS4ntiBiDH7soqVQIR4liTKfCny8ZoxNRMI/5MDtXdTf1STOBYCf9s/o71PKi493mci6F24pjbZw8agg==',
  },
  sessionCreateOrder: {
    headers: [
      'request-line',
      'x-date',
      'content-type',
      'content-length',
      'content-sha512',
    ] as const,
    signature:
      'MoWjVyp7YQbn0pgwPDvM00VlfsZ+/+0XUVSILpTNAuH5jiMduxUQtMN3q4jv2QpOBI34kLxhxTfTkLgcKUn8nw==',
  },
};

describe('signRequest', () => {
  it('matches the derived vector in the quick-start header order', async () => {
    const { headers } = await signRequest({
      ...VECTOR,
      signedHeaders: VECTOR.quickStartOrder.headers,
    });
    expect(headers).toEqual({
      Authorization:
        'hmac username="test", algorithm="hmac-sha512", headers="request-line x-date content-type content-sha512 content-length", ' +
        `signature="${VECTOR.quickStartOrder.signature}"`,
      'X-Date': 'Fri, 17 Jan 2020 19:59:29 GMT',
      'Content-Type': 'application/json',
      'Content-Length': '247',
      'Content-sha512': VECTOR.contentSha512,
    });
  });
});
