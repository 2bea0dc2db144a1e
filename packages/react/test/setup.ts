import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  delete window.IngoInstantPayments;
  for (const script of document.querySelectorAll('script')) script.remove();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});
