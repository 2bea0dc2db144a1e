/** The hosted page's HTML shell. The page script renders the screens from the bootstrap JSON. */
import { BOOTSTRAP_ELEMENT_ID, type PageBootstrap } from './protocol.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script> must not be able to close the element. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function renderPage(bootstrap: PageBootstrap, title: string): string {
  const lang = bootstrap.locale;
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/page.css">
</head>
<body>
<div class="shell" id="ingo-sandbox-app">
<header class="brand"><span class="logo">Ingo Payments</span><span class="badge">${escapeHtml(bootstrap.strings.sandbox_badge ?? 'Sandbox')}</span></header>
<main id="content"><noscript>JavaScript is required to add an account.</noscript></main>
</div>
<script type="application/json" id="${BOOTSTRAP_ELEMENT_ID}">${scriptSafeJson(bootstrap)}</script>
<script src="/assets/page.js"></script>
</body>
</html>
`;
}
