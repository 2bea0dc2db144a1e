import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  // The SSR test runs in node: nothing to clean there.
  if (typeof document === 'undefined') return;
  cleanup();
  delete window.IngoInstantPayments;
  for (const script of document.querySelectorAll('script')) script.remove();
});
