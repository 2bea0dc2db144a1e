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
      sdkUrl: 'http://127.0.0.1:4010/sdk.js',
      participantId: undefined,
    });
  });

  it('serves the SDK from a moved emulator too', () => {
    const config = readIngoEnv({ INGO_SESSION_API_URL: 'http://localhost:5555/' });
    expect(config.sessionApiUrl).toBe('http://localhost:5555/');
    expect(config.sdkUrl).toBe('http://localhost:5555/sdk.js');
  });

  it("reads Ingo's sandbox settings, with no SDK URL unless one is given", () => {
    const config = readIngoEnv({
      INGO_ENVIRONMENT: 'sandbox',
      INGO_USERNAME: 'acme',
      INGO_SECRET: 's3cret',
      INGO_PARTICIPANT_ID: '12345',
    });
    expect(config).toEqual({
      environment: 'sandbox',
      username: 'acme',
      secret: 's3cret',
      sessionApiUrl: undefined,
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
  });
});
