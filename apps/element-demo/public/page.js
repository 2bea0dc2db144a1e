// @ts-check
/**
 * The page's script: plain JavaScript in a module, the packages resolved by the page's import map.
 * The form is the `<ingo-funding-form>` in index.html; this script sets the properties that are
 * no strings, listens to its events and brings the rest of the page to life (the recipient
 * profile, the destinations, the outcome, the account the server keeps and its payouts, the event
 * log) with @ingo-embed/demo-kit's data and helpers, like the Next.js, Nuxt and SvelteKit demos.
 *
 * What shows from the start is rendered into index.html by the server (the recipient's fields,
 * the destinations, the account it keeps), not created here: the page has its
 * layout at its first paint, which may come before this module runs, and nothing moves then. What
 * this script adds later comes after the user did something (the token, payouts, the log).
 */
import {
  createPayouts,
  DESTINATIONS,
  describe,
  describeAccount,
  describePayout,
  emptyRecipient,
  invalidFields,
  loadRecipient,
  PAYOUTS,
  payoutsFor,
  RECIPIENT_FIELDS,
  RECIPIENT_STATUS,
  saveAccount,
  saveRecipient,
} from '@ingo-embed/demo-kit/page';
// Importing the package defines <ingo-funding-form> (the one in the page is upgraded now).
import { IngoFundingFormElement, prefetchFundingForm } from '@ingo-embed/element';

/** @typedef {import('@ingo-embed/element').IngoToken} IngoToken */
/** @typedef {import('@ingo-embed/demo-kit/page').SavedAccount} SavedAccount */
/** @typedef {import('@ingo-embed/demo-kit/page').PayoutAction} PayoutAction */
/** @typedef {import('@ingo-embed/demo-kit/page').PayoutAnswer} PayoutAnswer */
/** @typedef {import('@ingo-embed/demo-kit/page').Recipient} Recipient */
/** @typedef {import('@ingo-embed/demo-kit/page').RecipientFieldKey} RecipientFieldKey */

/** The session endpoint (server.js), the same as the element's `session` attribute. */
const SESSION_URL = '/api/ingo/session';

/**
 * One element of the page, which must be there.
 * @template {Element} T
 * @param {string} selector
 * @param {new () => T} type
 * @returns {T}
 */
function $(selector, type) {
  const found = document.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`The page has no ${selector}.`);
  return found;
}

/**
 * A new element with attributes (`undefined` ones left out) and children.
 * @param {string} tag
 * @param {Record<string, string | undefined>} attributes
 * @param {(Node | string)[]} children
 */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** @param {unknown} failure */
const messageOf = (failure) => (failure instanceof Error ? failure.message : String(failure));

// --- The form --------------------------------------------------------------------------------

const form = $('ingo-funding-form', IngoFundingFormElement);
// Properties that are no strings, set before the element's first update (it applies everything
// set in this task at once): the SDK sizes its iframe, and the session the server created while
// it rendered the page is mounted without asking the endpoint.
form.sdkOptions = { autoHeight: true };
form.initialSession = JSON.parse($('#initial-session', HTMLScriptElement).text);

const stateText = $('[data-testid="state"]', HTMLElement);
const errorMessage = $('#error-message', HTMLElement);
const retryButton = $('#retry', HTMLButtonElement);
const outcome = $('#outcome', HTMLElement);
const serverAccount = $('#server-account', HTMLElement);
const eventLog = $('[data-testid="event-log"]', HTMLOListElement);

/** The outcome of the form on show: its token, what the server said of it, a cancel. */
let token = /** @type {IngoToken | undefined} */ (undefined);
let accountStatus = '';
let accountFailed = false;
let canceled = false;
/** Counts the forms: an answer about an earlier form's token sets no status. */
let formCount = 0;
/** Counts the hand-overs: only the latest one's answer says what the server keeps. */
let saveCount = 0;

function renderOutcome() {
  outcome.replaceChildren(
    ...[
      token &&
        h(
          'p',
          {},
          'Token: ',
          h('span', { class: 'demo-token', 'data-testid': 'token' }, token.customerAccountToken),
        ),
      accountStatus &&
        h(
          'p',
          { class: accountFailed ? 'demo-error' : undefined, 'data-testid': 'account-status' },
          accountStatus,
        ),
      canceled && h('p', { 'data-testid': 'cancel' }, 'Canceled'),
    ].filter((node) => node instanceof Node),
  );
}

form.addEventListener('ingo-statechange', (event) => {
  stateText.textContent = event.detail;
});

// The failure view is the element's `failure` slot: the element shows it while the form has
// failed. This fills in what failed and what the button does.
form.addEventListener('ingo-failure', (event) => {
  const error = event.detail;
  // Your app: report it to your monitoring.
  console.warn(`Ingo funding form failed (${error.code}):`, error.message);
  errorMessage.textContent = `${error.message} (${error.code})`;
  retryButton.textContent = error.retryable ? 'Try again' : 'Start over';
});
retryButton.addEventListener('click', () => {
  canceled = false;
  renderOutcome();
  // Retries the same Ingo session when error.retryable, otherwise starts a new one.
  form.retry();
});

form.addEventListener('ingo-token', async (event) => {
  token = event.detail;
  // Your app: your server keeps the token with the user, for IngoPay calls.
  const current = formCount;
  const save = ++saveCount;
  accountStatus = 'Saving the account on the server…';
  accountFailed = false;
  renderOutcome();
  try {
    const saved = await saveAccount(event.detail);
    // The server keeps it even when the destination changed meanwhile: show it.
    if (save === saveCount) showAccount(saved);
    if (current !== formCount) return;
    accountStatus = 'Saved on the server.';
  } catch (failure) {
    if (current !== formCount) return;
    accountFailed = true;
    accountStatus = messageOf(failure);
  }
  renderOutcome();
});

form.addEventListener('ingo-cancel', () => {
  canceled = true;
  renderOutcome();
});

form.addEventListener('ingo-event', (event) => {
  eventLog.append(h('li', {}, describe(event.detail)));
  // Keep the newest event in view when the log scrolls.
  eventLog.scrollTop = eventLog.scrollHeight;
});

// --- The destinations ------------------------------------------------------------------------

// The radio buttons are in the page (server.js renders one per demo-kit DESTINATIONS).
for (const option of DESTINATIONS) {
  const radio = $(
    `#destinations input[name="destination"][value="${option.value}"]`,
    HTMLInputElement,
  );
  const label = radio.closest('label') ?? radio;
  // The one of the form on show (a reload may have restored another).
  radio.checked = option.value === form.destination;
  // Hovering or focusing another destination starts its session and the script: choosing it
  // then mounts the form without waiting. Not the destination on show: its form is mounted.
  const prefetch = () => {
    if (option.value !== form.destination) {
      prefetchFundingForm({ session: SESSION_URL, destination: option.value });
    }
  };
  label.addEventListener('pointerenter', prefetch);
  label.addEventListener('focusin', prefetch);
  radio.addEventListener('change', () => {
    // A new destination remounts the form with a new session: forget the last outcome.
    form.destination = option.value;
    formCount++;
    token = undefined;
    canceled = false;
    accountStatus = '';
    accountFailed = false;
    renderOutcome();
    if (account) showAccount(account);
  });
}

// --- The account the server keeps, and its payouts ---------------------------------------------

/** One per page: it keeps a payout's request id until an answer arrives (see createPayouts). */
const payouts = createPayouts();
let account = /** @type {SavedAccount | undefined} */ (undefined);

/**
 * Shows the account the server keeps and "Move money" with it, afresh (no result, no error).
 * @param {SavedAccount} saved
 */
function showAccount(saved) {
  account = saved;
  const result = h('div');
  const buttons = payoutsFor(saved).map((action) => {
    const button = h('button', { class: 'demo-button', type: 'button' }, PAYOUTS[action].label);
    button.addEventListener('click', () => run(action, button, result));
    return button;
  });
  serverAccount.replaceChildren(
    h('p', { 'data-testid': 'server-account' }, `Saved on the server: ${describeAccount(saved)}`),
    h(
      'section',
      { class: 'demo-payouts', 'aria-labelledby': 'payouts-title' },
      h('h3', { id: 'payouts-title' }, 'Move money'),
      ...buttons,
      result,
    ),
  );
}

/**
 * One payout: the page only says which; the server decides amount, account and payout id.
 * @param {PayoutAction} action
 * @param {HTMLElement} button
 * @param {HTMLElement} result
 */
async function run(action, button, result) {
  button.setAttribute('disabled', '');
  button.setAttribute('aria-busy', 'true');
  try {
    /** @type {PayoutAnswer} */
    const answer = await payouts.run(action);
    const posting = answer.estimatedPosting ? ` · ${answer.estimatedPosting}` : '';
    result.replaceChildren(
      h(
        'p',
        { class: 'demo-payout-result', 'data-testid': 'payout-result', role: 'status' },
        `${describePayout(answer)}${posting}`,
      ),
    );
  } catch (failure) {
    result.replaceChildren(
      h(
        'p',
        { class: 'demo-error', 'data-testid': 'payout-error', role: 'alert' },
        messageOf(failure),
      ),
    );
  } finally {
    button.removeAttribute('disabled');
    button.removeAttribute('aria-busy');
  }
}

// The account the server already keeps (an earlier visit, or Ingo's webhook): the server has
// rendered it into #server-account; rendered again here, the same, with the buttons' listeners.
/** @type {SavedAccount | null} */
const initialAccount = JSON.parse($('#initial-account', HTMLScriptElement).text);
if (initialAccount) showAccount(initialAccount);

// --- The recipient profile -------------------------------------------------------------------

const recipientForm = $('#recipient', HTMLFormElement);
const saveButton = $('#recipient button[type="submit"]', HTMLButtonElement);
const recipientStatus = $('[data-testid="recipient-status"]', HTMLElement);
/**
 * The form's inputs (rendered by server.js, disabled until the profile has loaded), by field.
 * @type {Map<RecipientFieldKey, HTMLInputElement>}
 */
const inputs = new Map();
for (const field of RECIPIENT_FIELDS.flat()) {
  inputs.set(field.key, $(`#recipient input[name="${field.key}"]`, HTMLInputElement));
}

/** @param {Recipient} recipient */
function fillRecipient(recipient) {
  for (const [key, input] of inputs) {
    input.value = recipient[key];
    input.disabled = false;
  }
  saveButton.disabled = false;
}

recipientStatus.textContent = RECIPIENT_STATUS.loading;
loadRecipient()
  .then((recipient) => {
    fillRecipient(recipient);
    recipientStatus.textContent = '';
  })
  .catch((failure) => {
    recipientStatus.textContent = RECIPIENT_STATUS.loadFailed(failure);
  });

recipientForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  saveButton.disabled = true;
  const recipient = emptyRecipient();
  for (const [key, input] of inputs) recipient[key] = input.value;
  try {
    fillRecipient(await saveRecipient(recipient));
    for (const input of inputs.values()) input.removeAttribute('aria-invalid');
    recipientStatus.textContent = RECIPIENT_STATUS.saved;
  } catch (failure) {
    const invalid = invalidFields(failure);
    for (const [key, input] of inputs)
      input.setAttribute('aria-invalid', `${invalid.includes(key)}`);
    recipientStatus.textContent = RECIPIENT_STATUS.saveFailed(failure);
  } finally {
    saveButton.disabled = false;
  }
});
