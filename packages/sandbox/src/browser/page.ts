/**
 * Script of the hosted iFrame page: renders the flow for one funding destination, talks to the
 * sandbox server (same origin) and tells the embedding window what happened, posting only to
 * the exact origin the server approved.
 */
import { checkAccount, type FieldProblem } from '../checks.js';
import {
  type AccountAnswer,
  BOOTSTRAP_ELEMENT_ID,
  type ConfirmAnswer,
  type FlowBootstrap,
  PAGE_PREFIX,
  PAGE_TOKEN_HEADER,
  type PageBootstrap,
} from '../protocol.js';
import { createFields, type PageApi } from './page-fields.js';
import { createPageKit } from './page-kit.js';

export function browserSupported(win: Window): boolean {
  const w = win as Window & typeof globalThis;
  return (
    typeof w.fetch === 'function' &&
    typeof w.Promise === 'function' &&
    typeof w.URLSearchParams === 'function' &&
    typeof w.postMessage === 'function'
  );
}

export function runPage(win: Window): void {
  const doc = win.document;
  const bootstrapElement = doc.getElementById(BOOTSTRAP_ELEMENT_ID);
  const content = doc.getElementById('content');
  if (!bootstrapElement || !content) throw new Error('ingo-sandbox page: markup is missing');
  const boot = JSON.parse(bootstrapElement.textContent ?? '{}') as PageBootstrap;
  const kit = createPageKit(win, boot, content);
  const { t, h, show, emit, pageLoad, messageScreen, reportHeight } = kit;

  if (!browserSupported(win)) {
    messageScreen('unsupported_title', 'unsupported_body', 'error');
    emit('UNSUPPORTED_BROWSER_DETECTED', { user_agent: win.navigator?.userAgent ?? '' });
    return;
  }

  if (boot.kind === 'error') {
    const titles = {
      SESSION_EXPIRED: ['expired_title', 'expired_body'],
      SESSION_ERROR: ['session_error_title', 'session_error_body'],
      PLUGIN_ERROR: ['plugin_error_title', 'plugin_error_body'],
    } as const;
    const [title, body] = titles[boot.event];
    messageScreen(title, body, 'error');
    emit(boot.event, { error: boot.reason });
    return;
  }

  runFlow(boot);

  function runFlow(flow: FlowBootstrap): void {
    const prefix = PAGE_PREFIX[flow.destination];

    async function api<T>(
      path: string,
      init: RequestInit = {},
    ): Promise<{ ok: true; status: number; body: T } | { ok: false; status: number }> {
      try {
        const response = await win.fetch(`${flow.apiBase}${path}`, {
          ...init,
          headers: { 'content-type': 'application/json', [PAGE_TOKEN_HEADER]: flow.pageToken },
        });
        const text = await response.text();
        let body: T;
        try {
          body = JSON.parse(text) as T;
        } catch {
          return { ok: false, status: response.status };
        }
        return { ok: true, status: response.status, body };
      } catch {
        return { ok: false, status: 0 };
      }
    }

    /** Any answer the page cannot use: tell the host and let the user try again. */
    function pluginError(alert: HTMLElement, status: number): void {
      alert.textContent = t('network_error');
      alert.hidden = false;
      emit('PLUGIN_ERROR', { error: status === 0 ? 'network' : `http_${status}` });
      reportHeight();
    }

    /** The server refused because the session or this mount is no longer usable. */
    function sessionEnded(): void {
      messageScreen('session_error_title', 'session_error_body', 'error');
      emit('SESSION_ERROR', { error: 'ended' });
    }

    function setBusy(form: HTMLElement, busy: boolean): void {
      form.setAttribute('aria-busy', String(busy));
      for (const button of Array.from(form.querySelectorAll('button'))) button.disabled = busy;
    }

    function cancel(): void {
      void api('/cancel', { method: 'POST', body: '{}' });
      messageScreen('canceled_title', 'canceled_body', 'neutral');
      emit('FUNDING_CANCELED');
      pageLoad('Canceled');
    }

    const { fieldsFor, showProblems, readForm } = createFields(
      kit,
      flow,
      api as PageApi,
      sessionEnded,
    );

    function formScreen(notice?: string): void {
      const alert = h('p', { class: 'alert', role: 'alert', hidden: !notice }, notice ?? '');
      const form = h(
        'form',
        { novalidate: true, class: 'form' },
        alert,
        ...fieldsFor(),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'button button-primary' }, t('button_continue')),
          h(
            'button',
            { type: 'button', class: 'button button-secondary', 'data-action': 'cancel' },
            t('button_cancel'),
          ),
        ),
      );
      form.querySelector('[data-action="cancel"]')?.addEventListener('click', cancel);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        void submit(form as HTMLFormElement, alert);
      });
      show(t(`title_${flow.destination}`), form);
      pageLoad(`${prefix}Funding`);
    }

    async function submit(form: HTMLFormElement, alert: HTMLElement): Promise<void> {
      const input = readForm(form);
      const problems = checkAccount(flow.destination, input, Date.now());
      alert.hidden = true;
      if (problems.length > 0) {
        alert.textContent = t('form_has_errors');
        alert.hidden = false;
        showProblems(form, problems);
        return;
      }
      showProblems(form, []);
      setBusy(form, true);
      const answer = await api<AccountAnswer>('/account', {
        method: 'POST',
        body: JSON.stringify({ destination: flow.destination, account: input }),
      });
      setBusy(form, false);
      if (answer.ok && answer.status === 409) return sessionEnded();
      if (!answer.ok || (answer.status !== 200 && answer.status !== 400)) {
        return pluginError(alert, answer.status);
      }
      const result = answer.body;
      switch (result.result) {
        case 'invalid':
          alert.textContent = t('form_has_errors');
          alert.hidden = false;
          showProblems(form, result.errors as FieldProblem[]);
          return;
        case 'ok':
          return confirmScreen(result.summary);
        default:
          // An answer this page does not understand: never leave the user without feedback.
          return pluginError(alert, answer.status);
      }
    }

    /** The confirmation step: Confirm verifies the account; Cancel ends this attempt. */
    function confirmScreen(summary: { label: string; value: string }[]): void {
      const alert = h('p', { class: 'alert', role: 'alert', hidden: true });
      const list = h(
        'dl',
        { class: 'summary' },
        ...summary.flatMap((item) => [
          h('dt', {}, t(`summary_${item.label}`)),
          h('dd', {}, item.label === 'account_type' ? t(`label_${item.value}`) : item.value),
        ]),
      );
      const confirm = h(
        'button',
        { type: 'button', class: 'button button-primary' },
        t('button_confirm'),
      );
      const cancelButton = h(
        'button',
        { type: 'button', class: 'button button-secondary' },
        t('button_cancel'),
      );
      const actions = h('div', { class: 'actions' }, confirm, cancelButton);
      cancelButton.addEventListener('click', cancel);
      confirm.addEventListener('click', async () => {
        setBusy(actions, true);
        const answer = await api<ConfirmAnswer>('/confirm', { method: 'POST', body: '{}' });
        setBusy(actions, false);
        if (answer.ok && answer.status === 409) return sessionEnded();
        if (!answer.ok || answer.status !== 200) return pluginError(alert, answer.status);
        const result = answer.body;
        switch (result.result) {
          case 'verified':
            messageScreen('success_title', 'success_body', 'ok');
            emit('TOKEN_SUCCESS', { customer_account_token: result.customer_account_token });
            pageLoad(`${prefix}Success`);
            return;
          case 'not_verified':
            // Back to the form: the recipient may try another account (not an attempt).
            emit('ACCOUNT_COULD_NOT_BE_VERIFIED');
            formScreen(t('not_verified'));
            return;
          case 'failed':
            return failureScreen(result.error, result.attempts_left);
          case 'max_attempts_exceeded':
            messageScreen('max_title', 'max_body', 'error');
            emit('MAX_VERIFICATION_ATTEMPTS_EXCEEDED', { error: result.error });
            pageLoad('MaxAttemptsExceeded');
            return;
          default:
            return pluginError(alert, answer.status);
        }
      });
      show(
        t('confirm_title'),
        h('p', { class: 'intro' }, t('confirm_intro')),
        alert,
        list,
        actions,
      );
      pageLoad(`${prefix}Confirmation`);
    }

    function failureScreen(error: string, attemptsLeft: number): void {
      const button = h(
        'button',
        { type: 'button', class: 'button button-primary' },
        t('button_continue'),
      );
      const section = show(
        t('failure_title'),
        h(
          'p',
          { class: 'message message-error' },
          t('failure_body', { code: error, left: attemptsLeft }),
        ),
        h('div', { class: 'actions' }, button),
      );
      button.addEventListener('click', () => {
        void api('/acknowledge', { method: 'POST', body: '{}' });
        section.replaceChildren(
          h('h1', { tabindex: '-1', id: 'screen-title' }, t('failure_title')),
          h('p', { class: 'message message-neutral' }, t('failure_acknowledged')),
        );
        reportHeight();
        emit('TERMINAL_FAILURE_ACKNOWLEDGED', { error });
      });
      emit('TERMINAL_FAILURE', { error });
      pageLoad('TerminalFailure');
    }

    formScreen();
  }
}
