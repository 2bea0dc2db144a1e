// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

describe('on the server', () => {
  it('importing the package touches neither window nor document', async () => {
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
      const react = await import('../src/index.js');
      expect(react.IngoFundingForm).toBeDefined();
    } finally {
      Reflect.deleteProperty(globalThis, 'window');
      Reflect.deleteProperty(globalThis, 'document');
    }
    expect(touched).toEqual([]);
  });

  it('renders only the container, and calls and fetches nothing', async () => {
    const { IngoFundingForm } = await import('../src/index.js');
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const session = vi.fn();
    const callbacks = { onToken: vi.fn(), onFailure: vi.fn(), onStateChange: vi.fn() };
    const html = renderToString(
      <IngoFundingForm
        id="payout"
        className="funding"
        style={{ minHeight: 480 }}
        destination="debit"
        session={session}
        {...callbacks}
      />,
    );
    expect(html).toBe('<div class="funding" style="min-height:480px" id="payout"></div>');
    expect(
      renderToString(
        <IngoFundingForm destination="debit" session="/api/ingo/session" {...callbacks} />,
      ),
    ).toBe('<div></div>');
    expect(fetch).not.toHaveBeenCalled();
    expect(session).not.toHaveBeenCalled();
    for (const callback of Object.values(callbacks)) expect(callback).not.toHaveBeenCalled();
  });

  it('renders the fallback inside the container, so the placeholder is in the page from the start', async () => {
    const { IngoFundingForm } = await import('../src/index.js');
    const html = renderToString(
      <IngoFundingForm
        destination="debit"
        session="/api/ingo/session"
        fallback={<p>Loading the secure form…</p>}
        renderFailure={() => 'never on the server'}
        onToken={vi.fn()}
      />,
    );
    expect(html).toBe('<div><p>Loading the secure form…</p></div>');
  });

  it('gives a hook-based layout the idle state', async () => {
    const { CustomLayout } = await import('./helpers.js');
    const html = renderToString(<CustomLayout destination="paypal" session="/api/ingo/session" />);
    expect(html).toBe(
      '<section><p data-testid="state">idle</p><div data-testid="container"></div></section>',
    );
  });
});
