import { describe, expect, it } from 'vitest';
import { abaRoutingValid, expiryProblem, luhnValid } from '../src/checks.js';
import { createOriginMatcher } from '../src/origins.js';

describe('allowed origins', () => {
  const matcher = createOriginMatcher(['http://localhost:*', 'https://app.example.com']);

  it('matches any port for a :* pattern and only the exact origin otherwise', () => {
    expect(matcher.matches('http://localhost:5173')).toBe(true);
    expect(matcher.matches('http://localhost')).toBe(true);
    expect(matcher.matches('https://app.example.com')).toBe(true);
    expect(matcher.matches('https://app.example.com:8443')).toBe(false);
    expect(matcher.matches('https://localhost:5173')).toBe(false);
    expect(matcher.matches('http://localhost.evil.com:5173')).toBe(false);
    expect(matcher.matches('http://app.example.com')).toBe(false);
    expect(matcher.matches('null')).toBe(false);
    expect(matcher.matches('http://localhost:5173/path')).toBe(false);
  });

  it('rejects patterns CSP would not understand', () => {
    for (const bad of ['localhost:3000', '*', 'http://*.example.com', 'ftp://x.example.com']) {
      expect(() => createOriginMatcher([bad])).toThrow(/not an allowed-origin pattern/);
    }
  });
});

describe('account checks', () => {
  it('Luhn accepts the documented test cards and rejects a changed digit', () => {
    for (const card of [
      '4000056655665556',
      '4111111111111111',
      '5555555555554444',
      '4000000000000002',
    ]) {
      expect(luhnValid(card)).toBe(true);
    }
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('41111111111')).toBe(false);
  });

  it('ABA checksum accepts real routing numbers and rejects a changed digit', () => {
    expect(abaRoutingValid('011000015')).toBe(true);
    expect(abaRoutingValid('021000021')).toBe(true);
    expect(abaRoutingValid('021000022')).toBe(false);
    expect(abaRoutingValid('12345678')).toBe(false);
  });

  it('expiry is valid through the last day of its month', () => {
    const lastDayOfMarch = Date.parse('2026-03-31T23:59:59Z');
    expect(expiryProblem('03/26', lastDayOfMarch)).toBeUndefined();
    expect(expiryProblem('03/2026', lastDayOfMarch)).toBeUndefined();
    expect(expiryProblem('02/26', lastDayOfMarch)).toBe('expiry_past');
    expect(expiryProblem('00/27', lastDayOfMarch)).toBe('expiry_invalid');
    expect(expiryProblem('3/27', lastDayOfMarch)).toBe('expiry_invalid');
  });
});
