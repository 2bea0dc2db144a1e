// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { IngoFundingForm, useIngoFundingForm } from '../src/index.js';

describe('server rendering', () => {
  it('renders only the container, with its attributes, and touches no DOM', async () => {
    expect(typeof document).toBe('undefined');
    const app = createSSRApp(() =>
      h(IngoFundingForm, {
        destination: 'debit',
        session: '/api/ingo/session',
        class: 'funding',
        id: 'pay',
        onToken: () => {},
      }),
    );
    expect(await renderToString(app)).toBe('<div class="funding" id="pay"></div>');
  });

  it('lets a custom layout use the composable; state is idle and nothing is mounted', async () => {
    const Layout = defineComponent({
      setup() {
        const { container, state, error } = useIngoFundingForm({
          destination: 'paypal',
          session: '/api/ingo/session',
        });
        return () =>
          h('section', [
            h('div', { ref: container, class: 'form' }),
            h('p', `${state.value}${error.value ? ` ${error.value.code}` : ''}`),
          ]);
      },
    });
    expect(await renderToString(createSSRApp(Layout))).toBe(
      '<section><div class="form"></div><p>idle</p></section>',
    );
  });

  it('renders the #loading slot inside the container, so the page keeps the space from the start', async () => {
    const app = createSSRApp(() =>
      h(
        IngoFundingForm,
        { destination: 'debit', session: '/api/ingo/session', class: 'funding' },
        {
          loading: () => h('p', 'Loading the secure form…'),
          failure: () => h('p', 'never on the server'),
        },
      ),
    );
    expect(await renderToString(app)).toBe(
      '<div class="funding"><p>Loading the secure form…</p></div>',
    );
  });
});
