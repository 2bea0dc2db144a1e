/**
 * The hosted page's form fields per funding destination, the BillPay biller search, field error
 * display and reading the form back.
 */
import { ACCOUNT_FIELDS, type AccountInput, type FieldProblem } from '../checks.js';
import type { FlowBootstrap } from '../protocol.js';
import type { PageKit } from './page-kit.js';

/** The page API call the fields need (the biller search), as runFlow makes it. */
export type PageApi = <T>(
  path: string,
  init?: RequestInit,
) => Promise<{ ok: true; status: number; body: T } | { ok: false; status: number }>;

export function createFields(
  kit: PageKit,
  flow: FlowBootstrap,
  api: PageApi,
  sessionEnded: () => void,
) {
  const { h, t, emit, reportHeight } = kit;

  function textField(name: string, label: string, attrs: Record<string, string> = {}): HTMLElement {
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

  return { fieldsFor, showProblems, readForm };
}
