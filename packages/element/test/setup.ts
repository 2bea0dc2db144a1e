import { afterEach, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  // The server test runs in node: nothing to clean there.
  if (typeof document === 'undefined') return;
  // Removing the elements ends their forms (disconnectedCallback).
  document.body.replaceChildren();
  delete window.IngoInstantPayments;
  for (const script of document.querySelectorAll('script')) script.remove();
});
