// @vitest-environment node
import { describe, expect, it } from 'vitest';

describe('on a server', () => {
  it('importing the package defines nothing, throws nothing and touches neither window nor document', async () => {
    const touched: string[] = [];
    for (const name of ['window', 'document']) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get: () => {
          touched.push(name);
          return undefined;
        },
      });
    }
    try {
      const element = await import('../src/index.js');
      expect(element.IngoFundingFormElement).toBeTypeOf('function');
      expect(element.FUNDING_DESTINATIONS).toContain('debit');
    } finally {
      Reflect.deleteProperty(globalThis, 'window');
      Reflect.deleteProperty(globalThis, 'document');
    }
    expect(touched).toEqual([]);
    expect('customElements' in globalThis).toBe(false);
    expect('HTMLElement' in globalThis).toBe(false);
  });
});
