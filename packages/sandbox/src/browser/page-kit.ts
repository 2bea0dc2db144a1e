/**
 * The hosted page's toolkit: translated strings, DOM building, screens (focus and height), and
 * the events it posts to the embedding window, only to the exact origin the server approved and
 * in the payload shape (envelope) the server chose.
 */
import {
  EVENTS,
  envelopePayload,
  MESSAGE_SOURCE,
  type PageBootstrap,
  PROTOCOL_VERSION,
  type SandboxEventKey,
  type SandboxMessage,
} from '../protocol.js';

export type Child = Node | string | null | undefined | false;

export type PageKit = ReturnType<typeof createPageKit>;

export function createPageKit(win: Window, boot: PageBootstrap, content: HTMLElement) {
  const doc = win.document;
  const t = (key: string, vars: Record<string, string | number> = {}) =>
    (boot.strings[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));

  function post(message: SandboxMessage): void {
    // Never '*': events carry session data, so they go to the approved origin or nowhere.
    if (!boot.parentOrigin || win.parent === win) return;
    win.parent.postMessage(message, boot.parentOrigin);
  }

  function emit(key: SandboxEventKey, extra: Record<string, unknown> = {}): void {
    if (!boot.channel) return;
    post({
      source: MESSAGE_SOURCE,
      version: PROTOCOL_VERSION,
      channel: boot.channel,
      type: 'event',
      key,
      payload: envelopePayload(boot.envelope, {
        session_identifier: boot.sessionId ?? '',
        tracer_token: boot.tracerToken ?? '',
        event_name: EVENTS[key],
        ...(boot.destination ? { funding_destination: boot.destination } : {}),
        ...extra,
      }),
    });
  }

  let lastHeight = 0;
  function reportHeight(): void {
    const shell = doc.getElementById('ingo-sandbox-app');
    const height = Math.ceil(shell?.getBoundingClientRect().height ?? 0);
    if (!boot.channel || height <= 0 || height === lastHeight) return;
    lastHeight = height;
    post({
      source: MESSAGE_SOURCE,
      version: PROTOCOL_VERSION,
      channel: boot.channel,
      type: 'resize',
      height,
    });
  }
  const Observer = (win as Window & { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
  if (Observer) {
    const shell = doc.getElementById('ingo-sandbox-app');
    if (shell) new Observer(() => reportHeight()).observe(shell);
  }

  function h(
    tag: string,
    attrs: Record<string, string | boolean | undefined> = {},
    ...children: Child[]
  ) {
    const element = doc.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === false) continue;
      element.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child);
    }
    return element;
  }

  let firstScreen = true;
  /**
   * Replaces the screen, moves focus to its heading (for screen readers) and resizes. Not on
   * the first screen: focusing inside a freshly loaded iframe would steal focus from the host page.
   */
  function show(title: string, ...body: Child[]): HTMLElement {
    const heading = h('h1', { tabindex: '-1', id: 'screen-title' }, title);
    const section = h('section', { 'aria-labelledby': 'screen-title' }, heading, ...body);
    content.replaceChildren(section);
    if (!firstScreen) heading.focus();
    firstScreen = false;
    reportHeight();
    return section;
  }

  function pageLoad(page: string): void {
    emit('PAGE_LOAD', { page });
  }

  function messageScreen(titleKey: string, bodyKey: string, tone: 'error' | 'ok' | 'neutral') {
    show(t(titleKey), h('p', { class: `message message-${tone}` }, t(bodyKey)));
  }

  return { doc, t, emit, reportHeight, h, show, pageLoad, messageScreen };
}
