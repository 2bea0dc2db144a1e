/** Stylesheet of the hosted page, served as /assets/page.css (CSP forbids inline styles). */
export const PAGE_CSS = `
:root {
  --ink: #1a2233; --muted: #5b6477; --line: #d5dae3; --surface: #ffffff; --canvas: #f5f7fa;
  --brand: #0b5cad; --brand-dark: #08457f; --danger: #b42318; --danger-bg: #fef3f2;
  --ok: #067647; --ok-bg: #ecfdf3; --focus: #2e90fa; --radius: 10px;
  color-scheme: light;
}
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: transparent; }
body {
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
}
.shell {
  max-width: 520px; margin: 0 auto; padding: 20px; background: var(--surface);
  border: 1px solid var(--line); border-radius: var(--radius);
}
.brand { display: flex; align-items: center; justify-content: space-between; margin-bottom: 12px; }
.logo { font-weight: 700; letter-spacing: .02em; color: var(--brand); }
.badge {
  font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .06em;
  color: #7a4b00; background: #fff4d6; border: 1px solid #f2d27a; border-radius: 999px; padding: 2px 10px;
}
h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 16px; }
h1:focus { outline: none; }
.form { display: grid; gap: 16px; }
.field { display: grid; gap: 6px; margin: 0; padding: 0; border: 0; min-width: 0; }
.field > label, legend { font-weight: 600; font-size: .95rem; padding: 0; }
legend { margin-bottom: 6px; }
input[type=text], input[type=email], input[type=search] {
  width: 100%; font: inherit; padding: 10px 12px; color: var(--ink); background: #fff;
  border: 1px solid #b8c0cc; border-radius: 8px; min-height: 44px;
}
input:focus-visible, button:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
input[aria-invalid=true] { border-color: var(--danger); background: var(--danger-bg); }
.field-error { color: var(--danger); font-size: .9rem; margin: 0; }
.field-error::before { content: "⚠ "; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.choice {
  display: flex; align-items: flex-start; gap: 10px; padding: 10px 12px; margin-bottom: 8px;
  border: 1px solid var(--line); border-radius: 8px; cursor: pointer;
}
.choice:has(input:checked) { border-color: var(--brand); background: #f0f6ff; }
.choice input { margin-top: 4px; width: 18px; height: 18px; }
.choice small { display: block; color: var(--muted); }
.search-row { display: flex; gap: 8px; }
.search-row .button { flex: 0 0 auto; width: auto; }
.hint { color: var(--muted); font-size: .9rem; margin: 0; min-height: 0; }
.actions { display: flex; flex-direction: row-reverse; gap: 12px; margin-top: 8px; }
.button {
  font: inherit; font-weight: 600; min-height: 44px; padding: 10px 18px; border-radius: 8px;
  cursor: pointer; flex: 1 1 0; border: 1px solid transparent;
}
.button-primary { background: var(--brand); color: #fff; }
.button-primary:hover { background: var(--brand-dark); }
.button-secondary { background: #fff; color: var(--ink); border-color: #b8c0cc; }
.button:disabled { opacity: .6; cursor: progress; }
.alert {
  margin: 0; padding: 10px 12px; border-radius: 8px; color: var(--danger);
  background: var(--danger-bg); border: 1px solid #fecdca;
}
.message { padding: 12px 14px; border-radius: 8px; margin: 0 0 12px; }
.message-error { color: var(--danger); background: var(--danger-bg); border: 1px solid #fecdca; }
.message-ok { color: var(--ok); background: var(--ok-bg); border: 1px solid #abefc6; }
.message-neutral { color: var(--ink); background: var(--canvas); border: 1px solid var(--line); }
.intro { color: var(--muted); margin: -8px 0 12px; }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: 8px 16px; margin: 0 0 8px;
  padding: 12px 14px; background: var(--canvas); border-radius: 8px; }
.summary dt { color: var(--muted); }
.summary dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
[hidden] { display: none !important; }
@media (max-width: 420px) {
  .shell { padding: 14px; border-radius: 0; border-left: 0; border-right: 0; }
  .row { grid-template-columns: 1fr; }
  .actions { flex-direction: column; }
}
@media (prefers-reduced-motion: no-preference) { .button { transition: background-color .15s; } }
`;
