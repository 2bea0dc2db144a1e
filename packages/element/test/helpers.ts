import type { AuthorizedSession, SessionFunction } from '@ingo-embed/core';
import { vi } from 'vitest';
import type {
  IngoFundingFormElement,
  IngoFundingFormEventMap,
  IngoFundingFormProperties,
} from '../src/index.js';

export const SDK_URL = 'https://webplugin-uat.example.test/sdk.js';

let sessions = 0;
/** An authorized URL shaped like Ingo's, unique per call. */
export const authorizedUrl = () =>
  `https://webplugin-uat.example.test/session/s-${++sessions}?t=637126733246949906&h=x`;

/** A session function that answers at once with a fresh URL; its calls are recorded. */
export const sessionFunction = () =>
  vi.fn<SessionFunction>(async () => ({ authorizedUrl: authorizedUrl(), sdkUrl: SDK_URL }));

/** A promise with its resolve function, to answer a session request when the test says so. */
export function deferred<T = AuthorizedSession>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * `<ingo-funding-form>` with these attributes, then these properties, put into the page (unless
 * `parent` is null), as a page or a framework would write it.
 */
export function createForm(
  attributes: Record<string, string>,
  properties: IngoFundingFormProperties = {},
  parent: ParentNode | null = document.body,
): IngoFundingFormElement {
  const form = document.createElement('ingo-funding-form');
  for (const [name, value] of Object.entries(attributes)) form.setAttribute(name, value);
  Object.assign(form, properties);
  parent?.append(form);
  return form;
}

/** Every `detail` of one event type the element dispatches, in order. */
export function record<K extends keyof IngoFundingFormEventMap>(
  target: EventTarget,
  type: K,
): IngoFundingFormEventMap[K]['detail'][] {
  const details: IngoFundingFormEventMap[K]['detail'][] = [];
  target.addEventListener(type, (event) =>
    details.push((event as IngoFundingFormEventMap[K]).detail),
  );
  return details;
}

/** The iframes inside the element (core puts its iframe into the element's shadow tree). */
export const iframesOf = (form: IngoFundingFormElement) =>
  form.shadowRoot?.querySelectorAll('iframe') ?? [];

/**
 * The children a user sees: those assigned to a slot of the element's shadow tree. (Children of a
 * shadow host without a slot of their name are not rendered at all.)
 */
export function shownChildren(form: IngoFundingFormElement): string[] {
  const slots = [...(form.shadowRoot?.querySelectorAll('slot') ?? [])];
  return slots.flatMap((slot) =>
    slot.assignedElements().map((element) => element.textContent ?? ''),
  );
}

/** Lets the microtask that applies the element's changes, and the promises after it, run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
