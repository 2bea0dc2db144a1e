import { describe, expect, it } from 'vitest';
import { IngoConfigError, ingoClientFromEnv, readIngoEnv } from '../src/index.js';
import { fakeFetch, RECIPIENT, sessionOk } from './helpers.js';

describe('readIngoEnv', () => {
  it('defaults to the local emulator with its default credentials', () => {
    expect(readIngoEnv({})).toEqual({
      environment: 'local',
      username: 'sandbox-user',
      secret: 'sandbox-secret',
      sessionApiUrl: 'http://127.0.0.1:4010',
      ingoPayApiUrl: 'http://127.0.0.1:4010',
      sdkUrl: 'http://127.0.0.1:4010/sdk.js',
      participantId: '12345',
    });
  });

  it('serves the SDK and IngoPay from a moved emulator too', () => {
    const config = readIngoEnv({ INGO_SESSION_API_URL: 'http://localhost:5555/' });
    expect(config.sessionApiUrl).toBe('http://localhost:5555/');
    expect(config.ingoPayApiUrl).toBe('http://localhost:5555/');
    expect(config.sdkUrl).toBe('http://localhost:5555/sdk.js');
  });

  it('reads INGO_INGOPAY_API_URL and INGO_PARTICIPANT_ID', () => {
    const local = readIngoEnv({
      INGO_INGOPAY_API_URL: 'http://127.0.0.1:7000',
      INGO_PARTICIPANT_ID: '777',
    });
    expect(local.ingoPayApiUrl).toBe('http://127.0.0.1:7000');
    expect(local.participantId).toBe('777');
    const sandbox = readIngoEnv({
      INGO_ENVIRONMENT: 'sandbox',
      INGO_USERNAME: 'a',
      INGO_SECRET: 'b',
    });
    // No emulator defaults outside `local`: Ingo's URL, and no participant id unless given.
    expect(sandbox.ingoPayApiUrl).toBeUndefined();
    expect(sandbox.participantId).toBeUndefined();
  });

  it("reads Ingo's sandbox settings, with no SDK URL unless one is given", () => {
    const config = readIngoEnv({
      INGO_ENVIRONMENT: 'sandbox',
      INGO_USERNAME: 'acme',
      INGO_SECRET: 's3cret',
      INGO_PARTICIPANT_ID: '12345',
    });
    expect(config).toStrictEqual({
      environment: 'sandbox',
      username: 'acme',
      secret: 's3cret',
      sessionApiUrl: undefined,
      ingoPayApiUrl: undefined,
      sdkUrl: undefined,
      participantId: '12345',
    });
    expect(
      readIngoEnv({
        ...config,
        INGO_ENVIRONMENT: 'sandbox',
        INGO_USERNAME: 'a',
        INGO_SECRET: 'b',
        INGO_SDK_URL: 'https://cdn.example.com/sdk.js',
      }).sdkUrl,
    ).toBe('https://cdn.example.com/sdk.js');
  });

  it('names every missing or invalid variable at once', () => {
    const read = () =>
      readIngoEnv({
        INGO_ENVIRONMENT: 'production',
        INGO_PARTICIPANT_ID: 'abc',
        INGO_USERNAME: '  ',
      });
    expect(read).toThrow(IngoConfigError);
    expect(read).toThrow(
      /INGO_USERNAME is not set.*INGO_SECRET is not set.*INGO_PARTICIPANT_ID must be/,
    );
  });

  it('rejects an unknown INGO_ENVIRONMENT', () => {
    expect(() => readIngoEnv({ INGO_ENVIRONMENT: 'staging' })).toThrow(
      /local, sandbox or production/,
    );
  });
});

describe('ingoClientFromEnv', () => {
  it('builds a client for the environment, with overrides', async () => {
    const fetch = fakeFetch({ status: 200, body: sessionOk() });
    const client = ingoClientFromEnv(
      { INGO_ENVIRONMENT: 'production', INGO_USERNAME: 'acme', INGO_SECRET: 's3cret' },
      { fetch },
    );
    expect(client.environment).toBe('production');
    await client.createSession({ participantUniqueId1: 'p1', recipient: RECIPIENT });
    expect(fetch.calls[0]?.url).toBe(
      'https://iip-session-management.ingo.money/api/v1/sessions/point-in-time/plugin',
    );
    expect(fetch.calls[0]?.headers.get('authorization')).toContain('username="acme"');
  });

  it('points local at the emulator, signed like the sandbox', () => {
    const client = ingoClientFromEnv({});
    expect(client.environment).toBe('sandbox');
    expect(client.sessionApiUrl).toBe('http://127.0.0.1:4010');
    expect(client.ingoPayApiUrl).toBe('http://127.0.0.1:4010');
  });

  it('passes INGO_PARTICIPANT_ID and INGO_INGOPAY_API_URL to pushFunds', async () => {
    const fetch = fakeFetch({
      status: 200,
      body: { status: 100, client_message: 'Success', data: { transaction_id: 1 } },
    });
    const client = ingoClientFromEnv(
      {
        INGO_ENVIRONMENT: 'sandbox',
        INGO_USERNAME: 'acme',
        INGO_SECRET: 's3cret',
        INGO_PARTICIPANT_ID: '4242',
        INGO_INGOPAY_API_URL: 'https://payapi.proxy.example.com/ingo',
      },
      { fetch },
    );
    expect(client.ingoPayApiUrl).toBe('https://payapi.proxy.example.com/ingo');
    await client.pushFunds({
      accountType: 'CA',
      amount: '1.00',
      customerAccountToken: 'tok',
      participantUniqueId1: 'payout-1',
      sourceOfFunds: 4,
    });
    expect(fetch.calls[0]?.url).toBe('https://payapi.proxy.example.com/ingo/gateway/process');
    expect(fetch.calls[0]?.body.toString()).toMatch(/^\{"participant_id":4242,/);
  });

  it("uses Ingo's IngoPay URL for sandbox and production", () => {
    const base = { INGO_USERNAME: 'a', INGO_SECRET: 'b' };
    expect(ingoClientFromEnv({ ...base, INGO_ENVIRONMENT: 'sandbox' }).ingoPayApiUrl).toBe(
      'https://payapi-sandbox.ingo.money',
    );
    expect(ingoClientFromEnv({ ...base, INGO_ENVIRONMENT: 'production' }).ingoPayApiUrl).toBe(
      'https://payapi.ingo.money',
    );
  });
});
