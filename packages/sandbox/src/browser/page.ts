/**
 * Script of the hosted iFrame page: renders the flow for one funding destination, talks to the
 * sandbox server (same origin) and tells the embedding window what happened, posting only to
 * the exact origin the server approved.
 */
import { ACCOUNT_FIELDS, type AccountInput, checkAccount, type FieldProblem } from '../checks.js';
import {
  type AccountAnswer,
  BOOTSTRAP_ELEMENT_ID,
  type ConfirmAnswer,
  EVENTS,
  type FlowBootstrap,
  MESSAGE_SOURCE,
  PAGE_PREFIX,
  PAGE_TOKEN_HEADER,
  type PageBootstrap,
  PROTOCOL_VERSION,
  type SandboxEventKey,
  type SandboxMessage,
} from '../protocol.js';

type Child = Node | string | null | undefined | false;

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
      payload: {
        session_identifier: boot.sessionId ?? '',
        tracer_token: boot.tracerToken ?? '',
        event_name: EVENTS[key],
        ...(boot.destination ? { funding_destination: boot.destination } : {}),
        ...extra,
      },
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
    content?.replaceChildren(section);
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

    function textField(
      name: string,
      label: string,
      attrs: Record<string, string> = {},
    ): HTMLElement {
      const id = `field-${name}`;
      return h(
        'div',
        { class: 'field', 'data-field': name },
        h('label', { for: id }, label),
        h('input', { id, name, type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs }),
        h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
      );
    }

    function radioGroup(
      name: string,
      legend: string,
      options: { value: string; label: string; hint?: string }[],
    ): HTMLElement {
      return h(
        'fieldset',
        { class: 'field', 'data-field': name, id: `field-${name}` },
        h('legend', {}, legend),
        ...options.map((option) =>
          h(
            'label',
            { class: 'choice' },
            h('input', { type: 'radio', name, value: option.value }),
            h('span', {}, option.label, option.hint ? h('small', {}, option.hint) : null),
          ),
        ),
        h('p', { class: 'field-error', id: `field-${name}-error`, hidden: true }),
      );
    }

    function showProblems(form: HTMLElement, problems: FieldProblem[]): void {
      for (const wrapper of Array.from(form.querySelectorAll<HTMLElement>('[data-field]'))) {
        const name = wrapper.dataset.field ?? '';
        const problem = problems.find((p) => p.field === name);
        const error = wrapper.querySelector<HTMLElement>('.field-error');
        const controls = Array.from(wrapper.querySelectorAll<HTMLInputElement>('input'));
        if (error) {
          error.textContent = problem ? t(`error_${problem.message}`) : '';
          error.hidden = !problem;
        }
        for (const control of controls) {
          if (problem) {
            control.setAttribute('aria-invalid', 'true');
            control.setAttribute('aria-describedby', error?.id ?? '');
          } else {
            control.removeAttribute('aria-invalid');
            control.removeAttribute('aria-describedby');
          }
        }
      }
      const first = problems[0];
      if (first) {
        form.querySelector<HTMLInputElement>(`[data-field="${first.field}"] input`)?.focus();
      }
      reportHeight();
    }

    function readForm(form: HTMLElement): AccountInput {
      const input: AccountInput = {};
      for (const name of ACCOUNT_FIELDS[flow.destination]) {
        const controls = Array.from(form.querySelectorAll<HTMLInputElement>(`[name="${name}"]`));
        const control = controls.find((c) => c.type !== 'radio' || c.checked);
        input[name] = control ? control.value : '';
      }
      return input;
    }

    function fieldsFor(): HTMLElement[] {
      switch (flow.destination) {
        case 'debit':
        case 'credit':
          return [
            textField('card_number', t('label_card_number'), {
              inputmode: 'numeric',
              autocomplete: 'cc-number',
              maxlength: '23',
            }),
            h(
              'div',
              { class: 'row' },
              textField('expiration', t('label_expiration'), {
                inputmode: 'numeric',
                autocomplete: 'cc-exp',
                placeholder: 'MM/YY',
                maxlength: '7',
              }),
              textField('cvv', t('label_cvv'), {
                inputmode: 'numeric',
                autocomplete: 'cc-csc',
                maxlength: '4',
              }),
            ),
            textField('name', t('label_name'), { autocomplete: 'cc-name', spellcheck: 'false' }),
          ];
        case 'ach':
          return [
            textField('routing_number', t('label_routing_number'), {
              inputmode: 'numeric',
              maxlength: '9',
            }),
            textField('account_number', t('label_account_number'), {
              inputmode: 'numeric',
              maxlength: '17',
            }),
            radioGroup('account_type', t('label_account_type'), [
              { value: 'checking', label: t('label_checking') },
              { value: 'savings', label: t('label_savings') },
            ]),
          ];
        case 'billpay':
          return [billerSearch(), textField('account_number', t('label_biller_account'))];
        case 'paypal':
          return [textField('email', t('label_email'), { type: 'email', autocomplete: 'email' })];
      }
    }

    /** Search box + results; the chosen biller is the `biller_id` radio group. */
    function billerSearch(): HTMLElement {
      const input = h('input', {
        id: 'biller-search',
        type: 'search',
        autocomplete: 'off',
      }) as HTMLInputElement;
      const message = h('p', { class: 'hint', id: 'biller-search-message', role: 'status' });
      const results = h(
        'fieldset',
        { class: 'field', 'data-field': 'biller_id', id: 'field-biller_id' },
        h('legend', {}, t('choose_biller')),
        h('div', { class: 'choices' }),
        h('p', { class: 'field-error', id: 'field-biller_id-error', hidden: true }),
      );
      const list = results.querySelector('.choices') as HTMLElement;
      const button = h(
        'button',
        { type: 'button', class: 'button button-secondary' },
        t('button_search'),
      ) as HTMLButtonElement;
      const search = async () => {
        const query = input.value.trim();
        if (query.length < 2) {
          message.textContent = t('search_too_short');
          reportHeight();
          return;
        }
        button.disabled = true;
        const answer = await api<{ billers: { id: string; name: string; category: string }[] }>(
          `/billers?q=${encodeURIComponent(query)}`,
        );
        button.disabled = false;
        if (!answer.ok || answer.status !== 200) {
          if (answer.ok && answer.status === 409) return sessionEnded();
          message.textContent = t('network_error');
          emit('PLUGIN_ERROR', { error: answer.ok ? `http_${answer.status}` : 'network' });
          reportHeight();
          return;
        }
        const billers = answer.body.billers;
        list.replaceChildren(
          ...billers.map((biller, index) =>
            h(
              'label',
              { class: 'choice' },
              h('input', {
                type: 'radio',
                name: 'biller_id',
                value: biller.id,
                checked: index === 0 && billers.length === 1,
              }),
              h('span', {}, biller.name, h('small', {}, biller.category)),
            ),
          ),
        );
        if (billers.length === 0) {
          message.textContent = t('no_match', { query });
          emit('BILLPAY_SEARCH_NO_MATCH_FOUND', { query });
        } else {
          message.textContent = '';
        }
        reportHeight();
      };
      button.addEventListener('click', () => void search());
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          void search();
        }
      });
      return h(
        'div',
        { class: 'biller-search' },
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'biller-search' }, t('label_biller_search')),
          h('div', { class: 'search-row' }, input, button),
          message,
        ),
        results,
      );
    }

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
