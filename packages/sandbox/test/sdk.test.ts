// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { createSdk, type SandboxPlugin, type SandboxSdk } from '../src/browser/sdk.js';
import { EVENTS, MESSAGE_SOURCE, PROTOCOL_VERSION } from '../src/protocol.js';

const SANDBOX_ORIGIN = 'http://127.0.0.1:4010';
const AUTHORIZED_URL = `${SANDBOX_ORIGIN}/session/7830227a-ba47-4d28-9416-cad41a446db7?t=637126733246949906&h=abc%3d`;

let sdk: SandboxSdk;
let container: HTMLDivElement;
const instances: SandboxPlugin[] = [];

beforeEach(() => {
  sdk = createSdk(window);
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  for (const instance of instances.splice(0)) instance.destroy();
  document.body.replaceChildren();
});

function create(options?: Parameters<SandboxSdk['create']>[1]) {
  const instance = sdk.create(container, options);
  instances.push(instance);
  return instance;
}

function mounted(options?: Parameters<SandboxSdk['create']>[1]) {
  const instance = create(options);
  instance.mount(AUTHORIZED_URL, 'debit');
  const iframe = container.querySelector('iframe') as HTMLIFrameElement;
  const channel = new URL(iframe.src).searchParams.get('channel') as string;
  return { instance, iframe, channel };
}

function eventMessage(
  channel: string,
  key: keyof typeof EVENTS,
  extra: Record<string, unknown> = {},
) {
  return {
    source: MESSAGE_SOURCE,
    version: PROTOCOL_VERSION,
    channel,
    type: 'event',
    key,
    payload: {
      session_identifier: '7830227a-ba47-4d28-9416-cad41a446db7',
      tracer_token: '12345_0b2d',
      event_name: EVENTS[key],
      funding_destination: 'debit',
      ...extra,
    },
  };
}

function deliver(data: unknown, origin: string, source: Window | null) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}

describe('IngoInstantPayments global', () => {
  it('exposes the documented constants', () => {
    expect(sdk.EVENTS.TOKEN_SUCCESS).toBe('iip.webplugin.token_success');
    expect(sdk.EVENTS.FUNDING_CANCELED).toBe('iip.webplugin.funding_canceled');
    expect(sdk.EVENTS.MAX_VERIFICATION_ATTEMPTS_EXCEEDED).toBe(
      'iip.webplugin.max_verification_attempts_exceeded',
    );
    expect(Object.keys(sdk.EVENTS)).toHaveLength(12);
    expect(sdk.FUNDING_DESTINATIONS).toEqual({
      DEBIT: 'debit',
      CREDIT: 'credit',
      ACH: 'ach',
      BILLPAY: 'billpay',
      PAYPAL: 'paypal',
    });
  });

  it('the served bundle defines window.IngoInstantPayments once', () => {
    const code = readFileSync(`${inject('assetsDir')}/sdk.iife.js`, 'utf8');
    const slot = window as unknown as { IngoInstantPayments?: SandboxSdk };
    delete slot.IngoInstantPayments;
    new Function(code)();
    const first = slot.IngoInstantPayments as SandboxSdk | undefined;
    expect(typeof first?.create).toBe('function');
    new Function(code)();
    expect(slot.IngoInstantPayments).toBe(first);
  });
});

describe('create()', () => {
  it('throws a clear error when the container is not an element', () => {
    for (const bad of [null, undefined, '#ingo', { nodeType: 3 }, document.createTextNode('x')]) {
      expect(() => sdk.create(bad as never)).toThrow(/container must be a DOM element/);
    }
  });

  it('appends a titled, borderless, full-width iframe to a div on mount', () => {
    const instance = create({ cssName: 'web-plugin', scrolling: false });
    expect(container.querySelector('iframe')).toBeNull();
    instance.mount(AUTHORIZED_URL, 'ach');
    const iframe = container.querySelector('iframe') as HTMLIFrameElement;
    expect(iframe.getAttribute('title')).toBeTruthy();
    expect(iframe.style.border).toMatch(/^0/);
    expect(iframe.style.width).toBe('100%');
    expect(iframe.classList.contains('web-plugin')).toBe(true);
    expect(iframe.getAttribute('scrolling')).toBe('no');
    const src = new URL(iframe.src);
    expect(src.origin + src.pathname).toBe(AUTHORIZED_URL.replace(/\?.*/, ''));
    expect(src.searchParams.get('t')).toBe('637126733246949906');
    expect(src.searchParams.get('h')).toBe('abc=');
    expect(src.searchParams.get('destination')).toBe('ach');
    expect(src.searchParams.get('parent_origin')).toBe(window.location.origin);
    expect(src.searchParams.get('channel')).toMatch(/^[0-9a-f]{24}$/);
  });

  it('uses a given iframe as is and keeps its own title', () => {
    const iframe = document.createElement('iframe');
    iframe.title = 'Add your card';
    document.body.append(iframe);
    const instance = sdk.create(iframe);
    instances.push(instance);
    instance.mount(AUTHORIZED_URL, 'paypal');
    expect(iframe.title).toBe('Add your card');
    expect(new URL(iframe.src).searchParams.get('destination')).toBe('paypal');
    instance.destroy();
    expect(iframe.isConnected).toBe(true);
  });

  it('mount() rejects a relative URL and an unknown destination', () => {
    const instance = create();
    expect(() => instance.mount('/session/abc', 'debit')).toThrow(/absolute data.authorized_url/);
    expect(() => instance.mount(AUTHORIZED_URL, 'cash' as never)).toThrow(
      /debit, credit, ach, billpay, paypal/,
    );
    expect(() => instance.mount(AUTHORIZED_URL, 'DEBIT' as never)).toThrow(/FUNDING_DESTINATIONS/);
  });

  it('addEventListener() rejects unknown names and non-functions', () => {
    const instance = create();
    expect(() => instance.addEventListener('token_success', () => {})).toThrow(/unknown event/);
    expect(() => instance.addEventListener(EVENTS.TOKEN_SUCCESS, 'x' as never)).toThrow(
      /must be a function/,
    );
  });
});

describe('messages from the iframe', () => {
  it('delivers one flat payload to listeners of that event', () => {
    const { instance, iframe, channel } = mounted();
    const onToken = vi.fn();
    const onCancel = vi.fn();
    instance.addEventListener(sdk.EVENTS.TOKEN_SUCCESS, onToken);
    instance.addEventListener(sdk.EVENTS.FUNDING_CANCELED, onCancel);
    deliver(
      eventMessage(channel, 'TOKEN_SUCCESS', { customer_account_token: 'tok-1' }),
      SANDBOX_ORIGIN,
      iframe.contentWindow,
    );
    expect(onToken).toHaveBeenCalledTimes(1);
    expect(onToken).toHaveBeenCalledWith({
      session_identifier: '7830227a-ba47-4d28-9416-cad41a446db7',
      tracer_token: '12345_0b2d',
      event_name: 'iip.webplugin.token_success',
      funding_destination: 'debit',
      customer_account_token: 'tok-1',
    });
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('accepts an EVENTS key as the event name too', () => {
    const { instance, iframe, channel } = mounted();
    const listener = vi.fn();
    instance.addEventListener('PAGE_LOAD', listener);
    deliver(
      eventMessage(channel, 'PAGE_LOAD', { page: 'DebitFunding' }),
      SANDBOX_ORIGIN,
      iframe.contentWindow,
    );
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ page: 'DebitFunding' }));
  });

  it('ignores a forged message of the same shape from another window', () => {
    const { instance, channel } = mounted();
    const forger = document.createElement('iframe');
    document.body.append(forger);
    const listener = vi.fn();
    instance.addEventListener(sdk.EVENTS.TOKEN_SUCCESS, listener);
    deliver(eventMessage(channel, 'TOKEN_SUCCESS'), SANDBOX_ORIGIN, forger.contentWindow);
    deliver(eventMessage(channel, 'TOKEN_SUCCESS'), SANDBOX_ORIGIN, window);
    deliver(eventMessage(channel, 'TOKEN_SUCCESS'), SANDBOX_ORIGIN, null);
    expect(listener).not.toHaveBeenCalled();
  });

  it('ignores the right window at the wrong origin, a wrong channel and a mislabelled event', () => {
    const { instance, iframe, channel } = mounted();
    const listener = vi.fn();
    instance.addEventListener(sdk.EVENTS.TOKEN_SUCCESS, listener);
    deliver(eventMessage(channel, 'TOKEN_SUCCESS'), 'http://127.0.0.1:4011', iframe.contentWindow);
    deliver(eventMessage(channel, 'TOKEN_SUCCESS'), 'https://127.0.0.1:4010', iframe.contentWindow);
    deliver(eventMessage('other-channel', 'TOKEN_SUCCESS'), SANDBOX_ORIGIN, iframe.contentWindow);
    const mislabelled = eventMessage(channel, 'TOKEN_SUCCESS', {
      event_name: EVENTS.SESSION_ERROR,
    });
    deliver(mislabelled, SANDBOX_ORIGIN, iframe.contentWindow);
    deliver(
      { ...eventMessage(channel, 'TOKEN_SUCCESS'), version: 2 },
      SANDBOX_ORIGIN,
      iframe.contentWindow,
    );
    deliver('{"type":"event"}', SANDBOX_ORIGIN, iframe.contentWindow);
    expect(listener).not.toHaveBeenCalled();
  });

  it('a remount uses a new channel, so the old page can no longer talk', () => {
    const { instance, iframe, channel } = mounted();
    const listener = vi.fn();
    instance.addEventListener(sdk.EVENTS.PAGE_LOAD, listener);
    instance.mount(AUTHORIZED_URL, 'credit');
    const newChannel = new URL(iframe.src).searchParams.get('channel') as string;
    expect(newChannel).not.toBe(channel);
    deliver(eventMessage(channel, 'PAGE_LOAD'), SANDBOX_ORIGIN, iframe.contentWindow);
    expect(listener).not.toHaveBeenCalled();
    deliver(eventMessage(newChannel, 'PAGE_LOAD'), SANDBOX_ORIGIN, iframe.contentWindow);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(container.querySelectorAll('iframe')).toHaveLength(1);
  });

  it('grows the iframe to the reported height unless autoHeight is false', () => {
    const resize = (channel: string, height: number) => ({
      source: MESSAGE_SOURCE,
      version: PROTOCOL_VERSION,
      channel,
      type: 'resize',
      height,
    });
    const auto = mounted();
    deliver(resize(auto.channel, 612.4), SANDBOX_ORIGIN, auto.iframe.contentWindow);
    expect(auto.iframe.style.height).toBe('613px');
    auto.instance.destroy();

    const fixed = mounted({ autoHeight: false });
    const before = fixed.iframe.style.height;
    deliver(resize(fixed.channel, 900), SANDBOX_ORIGIN, fixed.iframe.contentWindow);
    expect(fixed.iframe.style.height).toBe(before);
  });

  it('keeps delivering when one listener throws', () => {
    const { instance, iframe, channel } = mounted();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const second = vi.fn();
    instance.addEventListener(sdk.EVENTS.TERMINAL_FAILURE, () => {
      throw new Error('boom');
    });
    instance.addEventListener(sdk.EVENTS.TERMINAL_FAILURE, second);
    deliver(
      eventMessage(channel, 'TERMINAL_FAILURE', { error: '700' }),
      SANDBOX_ORIGIN,
      iframe.contentWindow,
    );
    expect(second).toHaveBeenCalledWith(expect.objectContaining({ error: '700' }));
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});

describe('sandbox extras', () => {
  it('removeEventListener() stops one listener', () => {
    const { instance, iframe, channel } = mounted();
    const kept = vi.fn();
    const removed = vi.fn();
    instance.addEventListener(sdk.EVENTS.PAGE_LOAD, kept);
    instance.addEventListener(sdk.EVENTS.PAGE_LOAD, removed);
    instance.removeEventListener(sdk.EVENTS.PAGE_LOAD, removed);
    deliver(eventMessage(channel, 'PAGE_LOAD'), SANDBOX_ORIGIN, iframe.contentWindow);
    expect(kept).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
  });

  it('destroy() removes the iframe, the message listener and all listeners; it is idempotent', () => {
    const removeSpy = vi.spyOn(window, 'removeEventListener');
    const { instance, iframe, channel } = mounted();
    const listener = vi.fn();
    instance.addEventListener(sdk.EVENTS.TOKEN_SUCCESS, listener);
    const source = iframe.contentWindow;
    instance.destroy();
    instance.destroy();
    expect(container.querySelector('iframe')).toBeNull();
    expect(removeSpy).toHaveBeenCalledWith('message', expect.any(Function));
    deliver(eventMessage(channel, 'TOKEN_SUCCESS'), SANDBOX_ORIGIN, source);
    expect(listener).not.toHaveBeenCalled();
    expect(() => instance.mount(AUTHORIZED_URL, 'debit')).toThrow(/destroyed instance/);
    expect(() => instance.addEventListener(EVENTS.TOKEN_SUCCESS, listener)).toThrow(
      /destroyed instance/,
    );
    removeSpy.mockRestore();
  });
});
