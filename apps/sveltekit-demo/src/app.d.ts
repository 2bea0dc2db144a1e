// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      /**
       * The signed-in visitor (the demo's stand-in for your user), from the cookie
       * `hooks.server.ts` reads or hands out; undefined on an API request without that cookie
       * (the API routes answer 401).
       */
      visitor: string | undefined;
    }
    interface PageData {
      /** The page's `<title>`. */
      title: string;
      /** The page's `<h1>`, shown by the layout's header. */
      heading: string;
      /** The subtitle under it. */
      subtitle: string;
    }
  }
}

export {};
