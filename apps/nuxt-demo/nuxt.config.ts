// The Nuxt sample app: @ingo-embed/vue's form in a server-rendered page, @ingo-embed/server in
// Nitro routes (server/), the token turned into payouts.
export default defineNuxtConfig({
  compatibilityDate: '2026-12-01',
  // No network at build or run time: no telemetry, no devtools.
  telemetry: false,
  devtools: { enabled: false },
  css: ['@ingo-embed/demo-kit/demo.css'],
  app: {
    head: {
      htmlAttrs: { lang: 'en' },
      title: 'Ingo embed — Nuxt demo',
      // No favicon: keeps the console free of a 404.
      link: [{ rel: 'icon', href: 'data:,' }],
    },
  },
});
