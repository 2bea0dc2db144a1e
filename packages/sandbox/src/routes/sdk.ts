/** `GET /sdk.js`: the sandbox's `window.IngoInstantPayments`, loadable from any origin. */
import type { BrowserAssets } from '../assets.js';
import { applyFault } from '../fault-answers.js';
import { HttpError, type RouteContext, type SandboxRouter, text } from '../http.js';

export function sdkRoutes(
  app: SandboxRouter,
  { store }: RouteContext,
  assets: () => BrowserAssets,
): void {
  // GET also answers HEAD (Hono sends the GET answer without its body).
  app.get('/sdk.js', async () => {
    const faulted = await applyFault(store, 'sdk');
    if (faulted) return faulted;
    return text(200, 'text/javascript; charset=utf-8', assets().sdk, {
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
    });
  });
  app.all('/sdk.js', () => {
    throw new HttpError(405, 'use GET /sdk.js');
  });
}
