/**
 * Session Create input and output: our camelCase API, its validation, and the one place where it
 * is mapped to and from Ingo's snake_case wire format (REFERENCE §2.3, §2.4).
 */
import { IngoApiError, IngoValidationError, type ValidationIssue } from './errors.js';

/** The locales Ingo's Session Create accepts for `language_locale_code`, exactly as documented. */
export const INGO_LOCALES = [
  'ar-SA',
  'cs-CZ',
  'da-DK',
  'de-DE',
  'en-GB',
  'en-US',
  'es-ES',
  'es-US',
  'fa-IR',
  'fi-FI',
  'fr-FR',
  'hmn-Latn',
  'it-IT',
  'ja-JP',
  'km-KH',
  'ko-KR',
  'nb-NO',
  'nl-NL',
  'pl-PL',
  'pt-BR',
  'ru-RU',
  'sv-SE',
  'tl-PH',
  'tr-TR',
  'vi-VN',
  'zh-CN',
  'zh-Hans',
  'zh-TW',
] as const;

export type IngoLocale = (typeof INGO_LOCALES)[number];

/**
 * The recipient Ingo verifies against what the user types in the iFrame (RVDM).
 * Field names follow Ingo's examples; see the README for which are required and why.
 */
export interface Recipient {
  firstName: string;
  lastName: string;
  businessName?: string;
  addressLine1?: string;
  city?: string;
  /** Two-letter USPS code, e.g. `GA`. */
  state?: string;
  /** `12345` or `12345-6789`. */
  zipCode?: string;
  emailAddress?: string;
  /** Ten digits, no punctuation, e.g. `4045551234`. */
  phoneNumber?: string;
  /** Ten digits, no punctuation. */
  mobileNumber?: string;
  openBanking?: { mobusCustomerId?: string };
}

export interface CreateSessionInput {
  /** Your id for this session request (max 100 characters); Ingo echoes it in webhooks. */
  participantUniqueId1: string;
  /** An optional second id of yours (max 100 characters). */
  participantUniqueId2?: string;
  recipient: Recipient;
  /** The iFrame's language; one of {@link INGO_LOCALES}. */
  locale?: IngoLocale;
  /**
   * Origin of the page that embeds the iFrame, e.g. `https://pay.example.com`; must be
   * allow-listed by Ingo. When omitted Ingo uses the first configured host.
   */
  hostUri?: string;
  /**
   * One key per logical session (max 250 printable ASCII characters). Sending the same key
   * with the same input again re-authorizes the same session. A UUID v4 is generated when omitted.
   */
  idempotencyKey?: string;
}

export interface IngoSession {
  sessionId: string;
  /** The URL the browser SDK mounts; Ingo accepts it for 30 seconds. */
  authorizedUrl: string;
  /** ISO-8601 UTC time after which `authorizedUrl` can no longer be mounted. */
  expiresAt: string;
  /** True for Ingo status 101: an existing session was re-authorized, none was created. */
  idempotent: boolean;
  participantUniqueId1: string;
  /** `''` when none was given, as Ingo answers. */
  participantUniqueId2: string;
  /** The `Idempotency-Key` that was sent: pass it again to re-authorize this session. */
  idempotencyKey: string;
}

// --- validation -------------------------------------------------------------------------------

// Exported (not from the package) for the IngoPay sender checks, which apply the same rules.
export const USPS_STATES: ReadonlySet<string> = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ ' +
    'NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP'
  ).split(' '),
);
export const ZIP = /^[0-9]{5}(?:-[0-9]{4})?$/;
export const PHONE = /^[0-9]{10}$/;
// Deliberately pragmatic: one @, no spaces, a dot in the domain. Ingo validates again.
export const EMAIL = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:.]{2,}$/;
// An HTTP header value that survives every runtime's fetch: visible ASCII, no spaces.
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

interface TextRule {
  wire: string;
  max: number;
}

/** Recipient fields: camelCase name → wire name and maximum length. */
const RECIPIENT_TEXT: Record<Exclude<keyof Recipient, 'openBanking'>, TextRule> = {
  firstName: { wire: 'first_name', max: 255 },
  lastName: { wire: 'last_name', max: 255 },
  businessName: { wire: 'business_name', max: 150 },
  addressLine1: { wire: 'address_line1', max: 255 },
  city: { wire: 'city', max: 255 },
  state: { wire: 'state', max: 2 },
  zipCode: { wire: 'zip_code', max: 10 },
  emailAddress: { wire: 'email_address', max: 255 },
  phoneNumber: { wire: 'phone_number', max: 10 },
  mobileNumber: { wire: 'mobile_number', max: 10 },
};

const INPUT_FIELDS = new Set([
  'participantUniqueId1',
  'participantUniqueId2',
  'recipient',
  'locale',
  'hostUri',
  'idempotencyKey',
]);
const LOCALES: ReadonlySet<string> = new Set(INGO_LOCALES);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Records an issue for a bad text field; true only when the value is present and acceptable. */
export function checkText(
  issues: ValidationIssue[],
  field: string,
  value: unknown,
  max: number,
  required: boolean,
): value is string {
  if (value === undefined) {
    if (required) issues.push({ field, message: 'is required' });
    return false;
  }
  if (typeof value !== 'string') {
    issues.push({
      field,
      message: `must be a string, not ${value === null ? 'null' : typeof value}`,
    });
    return false;
  }
  if (value.trim() === '') {
    issues.push({
      field,
      message: required
        ? 'is required and must not be blank'
        : 'must not be blank; omit it instead',
    });
    return false;
  }
  if (value.length > max) {
    issues.push({ field, message: `must be at most ${max} characters (got ${value.length})` });
    return false;
  }
  return true;
}

function checkUnknown(
  issues: ValidationIssue[],
  prefix: string,
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key) && value[key] !== undefined) {
      issues.push({ field: `${prefix}${key}`, message: 'is not a field Ingo accepts; remove it' });
    }
  }
}

function checkHostUri(issues: ValidationIssue[], value: unknown): void {
  if (!checkText(issues, 'hostUri', value, 200, false)) return;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== value) {
    issues.push({
      field: 'hostUri',
      message:
        'must be an origin: protocol and host only, no path or trailing slash, e.g. "https://pay.example.com"',
    });
  }
}

function checkRecipient(issues: ValidationIssue[], value: unknown): void {
  if (value === undefined) {
    issues.push({ field: 'recipient', message: 'is required' });
    return;
  }
  if (!isRecord(value)) {
    issues.push({ field: 'recipient', message: 'must be an object' });
    return;
  }
  const recipientKeys = new Set<string>([...Object.keys(RECIPIENT_TEXT), 'openBanking']);
  checkUnknown(issues, 'recipient.', value, recipientKeys);

  // Ingo does not publish per-field required flags. Every example of Ingo's carries a first and
  // last name, and recipient verification compares them, so both are required (also for
  // businesses, where they name the person acting for it).
  for (const [key, rule] of Object.entries(RECIPIENT_TEXT)) {
    const required = key === 'firstName' || key === 'lastName';
    const field = `recipient.${key}`;
    const text = value[key];
    if (!checkText(issues, field, text, rule.max, required)) continue;
    if (key === 'state' && !USPS_STATES.has(text)) {
      issues.push({ field, message: 'must be a two-letter upper-case USPS state code, e.g. "GA"' });
    } else if (key === 'zipCode' && !ZIP.test(text)) {
      issues.push({ field, message: 'must be a US ZIP code: "12345" or "12345-6789"' });
    } else if (key === 'emailAddress' && !EMAIL.test(text)) {
      issues.push({ field, message: 'must be an e-mail address such as "jane@example.com"' });
    } else if ((key === 'phoneNumber' || key === 'mobileNumber') && !PHONE.test(text)) {
      issues.push({ field, message: 'must be exactly 10 digits with no spaces or punctuation' });
    }
  }

  const openBanking = value.openBanking;
  if (openBanking !== undefined) {
    if (!isRecord(openBanking)) {
      issues.push({ field: 'recipient.openBanking', message: 'must be an object' });
    } else {
      checkUnknown(issues, 'recipient.openBanking.', openBanking, new Set(['mobusCustomerId']));
      checkText(
        issues,
        'recipient.openBanking.mobusCustomerId',
        openBanking.mobusCustomerId,
        100,
        false,
      );
    }
  }
}

/**
 * Checks recipient details with the same rules `createSession` applies, e.g. when a user saves
 * their profile, so mistakes surface there and not when the funding form opens. Returns every
 * problem (empty when valid); fields are named like `recipient.zipCode`.
 */
export function validateRecipient(recipient: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  checkRecipient(issues, recipient);
  return issues;
}

/** Throws {@link IngoValidationError} listing every bad field; returns the input typed. */
export function validateCreateSessionInput(input: unknown): CreateSessionInput {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input)) {
    throw new IngoValidationError([{ field: '(input)', message: 'must be an object' }]);
  }
  checkUnknown(issues, '', input, INPUT_FIELDS);
  checkText(issues, 'participantUniqueId1', input.participantUniqueId1, 100, true);
  checkText(issues, 'participantUniqueId2', input.participantUniqueId2, 100, false);
  checkRecipient(issues, input.recipient);
  if (
    input.locale !== undefined &&
    (typeof input.locale !== 'string' || !LOCALES.has(input.locale))
  ) {
    issues.push({ field: 'locale', message: `must be one of ${INGO_LOCALES.join(', ')}` });
  }
  checkHostUri(issues, input.hostUri);
  const key = input.idempotencyKey;
  if (checkText(issues, 'idempotencyKey', key, 250, false) && !HEADER_TOKEN.test(key)) {
    issues.push({
      field: 'idempotencyKey',
      message: 'must be printable ASCII without spaces (a UUID v4 is recommended)',
    });
  }
  if (issues.length > 0) throw new IngoValidationError(issues);
  return input as unknown as CreateSessionInput;
}

// --- wire mapping -----------------------------------------------------------------------------

/** The Session Create body as Ingo's API expects it. */
export interface SessionCreateWireBody {
  participant_unique_id1: string;
  participant_unique_id2?: string;
  host_uri?: string;
  language_locale_code?: string;
  recipient_information: Record<string, unknown>;
}

/** camelCase → snake_case. Absent fields stay absent (never sent as null or ''). */
export function toWire(input: CreateSessionInput): SessionCreateWireBody {
  const recipient: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(RECIPIENT_TEXT)) {
    const value = input.recipient[key as keyof typeof RECIPIENT_TEXT];
    if (value !== undefined) recipient[rule.wire] = value;
  }
  const mobus = input.recipient.openBanking?.mobusCustomerId;
  if (input.recipient.openBanking !== undefined) {
    recipient.open_banking = mobus === undefined ? {} : { mobus_customer_id: mobus };
  }
  const body: SessionCreateWireBody = {
    participant_unique_id1: input.participantUniqueId1,
    recipient_information: recipient,
  };
  if (input.participantUniqueId2 !== undefined)
    body.participant_unique_id2 = input.participantUniqueId2;
  if (input.hostUri !== undefined) body.host_uri = input.hostUri;
  if (input.locale !== undefined) body.language_locale_code = input.locale;
  return body;
}

/** Ingo's success body → {@link IngoSession}. Throws {@link IngoApiError} when it is malformed. */
export function fromWire(
  body: Record<string, unknown>,
  ingoStatus: 100 | 101,
  httpStatus: number,
  idempotencyKey: string,
): IngoSession {
  const data = body.data;
  const text = (key: string): string | undefined => {
    const value = isRecord(data) ? data[key] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const sessionId = text('session_identifier');
  const authorizedUrl = text('authorized_url');
  const expiresAt = text('authorized_url_expiration_utc');
  const participantUniqueId1 = text('participant_unique_id1');
  if (!sessionId || !authorizedUrl || !expiresAt || participantUniqueId1 === undefined) {
    throw new IngoApiError({
      message:
        'Ingo answered Session Create with a success status but without session_identifier, ' +
        'authorized_url, authorized_url_expiration_utc or participant_unique_id1.',
      httpStatus,
      ingoStatus,
    });
  }
  return {
    sessionId,
    authorizedUrl,
    expiresAt,
    idempotent: ingoStatus === 101,
    participantUniqueId1,
    participantUniqueId2: text('participant_unique_id2') ?? '',
    idempotencyKey,
  };
}
