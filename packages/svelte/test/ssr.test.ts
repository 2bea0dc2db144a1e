// @vitest-environment node
import { render } from 'svelte/server';
import { describe, expect, it, vi } from 'vitest';
import { IngoFundingForm } from '../src/lib/index.js';
import WithSnippets from './fixtures/WithSnippets.svelte';

describe('server rendering', () => {
  it('renders only the container div and calls nothing', () => {
    expect(typeof document).toBe('undefined');
    const session = vi.fn();
    const onStateChange = vi.fn();
    const { body } = render(IngoFundingForm, {
      props: {
        destination: 'debit',
        session,
        onToken: () => {},
        onFailure: () => {},
        onStateChange,
        class: 'funding',
        id: 'ingo-form',
      },
    });
    expect(body.replace(/<!--[^>]*-->/g, '')).toBe('<div class="funding" id="ingo-form"></div>');
    expect(session).not.toHaveBeenCalled();
    expect(onStateChange).not.toHaveBeenCalled();
  });

  it('renders the loading snippet inside the container, and not the failure snippet', () => {
    const session = vi.fn();
    const { body } = render(WithSnippets, { props: { session } });
    expect(body.replace(/<!--[^>]*-->/g, '').replace(/\s+</g, '<')).toBe(
      '<div class="funding" style="min-height: 400px"><p data-testid="placeholder">Loading the secure form…</p></div>',
    );
    expect(session).not.toHaveBeenCalled();
  });
});
