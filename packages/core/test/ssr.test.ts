// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { loadIngoSdk, mountFundingForm } from '../src/index.js';

describe('outside a browser', () => {
  it('importing core touches nothing, and calling it fails with not_in_browser', async () => {
    await expect(loadIngoSdk({ src: 'https://sdk.example.test/ingo.js' })).rejects.toMatchObject({
      name: 'IngoEmbedError',
      code: 'not_in_browser',
    });
    expect(() =>
      mountFundingForm({} as HTMLElement, { destination: 'debit', session: '/api/ingo/session' }),
    ).toThrow(expect.objectContaining({ code: 'not_in_browser' }));
  });
});
