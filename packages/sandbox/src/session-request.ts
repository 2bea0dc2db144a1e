/**
 * Validates the Session Create body. Ingo documents the top-level fields and their lengths; the
 * per-field rules of `recipient_information` are not published, so the sandbox uses the IngoPay
 * Verify analogues (REFERENCE §2.3) and says so in its README.
 */
import { SUPPORTED_LOCALES } from './i18n.js';
import type { OriginMatcher } from './origins.js';

export interface FieldError {
  field: string;
  message: string;
}

export interface RecipientInformation {
  first_name?: string;
  last_name?: string;
  business_name?: string;
  address_line1?: string;
  address_line2?: string;
  city?: string;
  state?: string;
  zip_code?: string;
  email_address?: string;
  phone_number?: string;
  mobile_number?: string;
  open_banking?: { mobus_customer_id?: string };
}

export interface SessionCreateBody {
  participant_unique_id1: string;
  participant_unique_id2?: string;
  host_uri?: string;
  language_locale_code?: string;
  participant_id?: string | number;
  recipient_information: RecipientInformation;
}

type Rule = { max: number; pattern?: RegExp; hint?: string; required?: boolean };

const RECIPIENT_RULES: Record<string, Rule> = {
  first_name: { max: 255, required: true },
  last_name: { max: 255, required: true },
  business_name: { max: 150 },
  address_line1: { max: 255 },
  address_line2: { max: 255 },
  city: { max: 255 },
  state: { max: 2, pattern: /^[A-Z]{2}$/, hint: 'a 2-letter US state code such as GA' },
  zip_code: { max: 10, pattern: /^\d{5}(?:-\d{4})?$/, hint: '12345 or 12345-6789' },
  email_address: { max: 255, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, hint: 'an email address' },
  phone_number: { max: 10, pattern: /^\d{10}$/, hint: '10 digits' },
  mobile_number: { max: 10, pattern: /^\d{10}$/, hint: '10 digits' },
};

const TOP_LEVEL = new Set([
  'participant_unique_id1',
  'participant_unique_id2',
  'host_uri',
  'language_locale_code',
  'participant_id',
  'recipient_information',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkString(
  errors: FieldError[],
  field: string,
  value: unknown,
  rule: Rule,
): value is string {
  if (value === undefined) {
    if (rule.required) errors.push({ field, message: 'is required' });
    return false;
  }
  if (typeof value !== 'string') {
    errors.push({ field, message: 'must be a string' });
    return false;
  }
  if (rule.required && value.trim() === '') {
    errors.push({ field, message: 'must not be empty' });
    return false;
  }
  if (value.length > rule.max) {
    errors.push({ field, message: `must be at most ${rule.max} characters (got ${value.length})` });
    return false;
  }
  if (rule.pattern && value !== '' && !rule.pattern.test(value)) {
    errors.push({ field, message: `must be ${rule.hint}` });
    return false;
  }
  return true;
}

export function validateSessionBody(
  body: unknown,
  context: { participantId: string; allowedOrigins: OriginMatcher },
): { ok: true; value: SessionCreateBody } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isPlainObject(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL.has(key)) errors.push({ field: key, message: 'is not a Session Create field' });
  }
  checkString(errors, 'participant_unique_id1', body.participant_unique_id1, {
    max: 100,
    required: true,
  });
  checkString(errors, 'participant_unique_id2', body.participant_unique_id2, { max: 100 });
  if (checkString(errors, 'host_uri', body.host_uri, { max: 200 })) {
    let origin: string | undefined;
    try {
      const url = new URL(body.host_uri as string);
      if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (!origin) {
      errors.push({
        field: 'host_uri',
        message: 'must be a protocol and host such as https://app.example.com',
      });
    } else if (!context.allowedOrigins.matches(origin)) {
      errors.push({
        field: 'host_uri',
        message: `${origin} is not an allowed origin of this sandbox (--allowed-origins)`,
      });
    }
  }
  const locale = body.language_locale_code;
  if (locale !== undefined) {
    if (typeof locale !== 'string' || !(SUPPORTED_LOCALES as readonly string[]).includes(locale)) {
      errors.push({
        field: 'language_locale_code',
        message: `must be one of ${SUPPORTED_LOCALES.join(', ')}`,
      });
    }
  }
  const participantId = body.participant_id;
  if (participantId !== undefined && String(participantId) !== context.participantId) {
    errors.push({
      field: 'participant_id',
      message: `does not match this sandbox's participant id (${context.participantId})`,
    });
  }

  const recipient = body.recipient_information;
  if (recipient === undefined) {
    errors.push({ field: 'recipient_information', message: 'is required' });
  } else if (!isPlainObject(recipient)) {
    errors.push({ field: 'recipient_information', message: 'must be an object' });
  } else {
    for (const key of Object.keys(recipient)) {
      if (!(key in RECIPIENT_RULES) && key !== 'open_banking') {
        errors.push({ field: `recipient_information.${key}`, message: 'is not a known field' });
      }
    }
    for (const [key, rule] of Object.entries(RECIPIENT_RULES)) {
      checkString(errors, `recipient_information.${key}`, recipient[key], rule);
    }
    const openBanking = recipient.open_banking;
    if (openBanking !== undefined) {
      if (!isPlainObject(openBanking)) {
        errors.push({ field: 'recipient_information.open_banking', message: 'must be an object' });
      } else {
        checkString(
          errors,
          'recipient_information.open_banking.mobus_customer_id',
          openBanking.mobus_customer_id,
          { max: 100 },
        );
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: body as unknown as SessionCreateBody };
}
