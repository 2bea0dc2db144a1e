/**
 * The demo's stand-in for "your signed-in user and their profile in your database".
 *
 * A real app already knows who is signed in; the demo gives each browser an anonymous id in an
 * HttpOnly cookie and keeps that visitor's recipient details in memory, on the server. The
 * session endpoint reads them from here, never from the browser's session request.
 */
import type { Recipient } from '@ingo-embed/server';

/** Prefilled on first visit: the recipient of Ingo's quick start. */
export const DEFAULT_RECIPIENT: Recipient = {
  firstName: 'Jane',
  lastName: 'Doe',
  addressLine1: '123 Main St',
  city: 'Anytown',
  state: 'GA',
  zipCode: '30301',
  emailAddress: 'jane.doe@example.com',
};

/** The recipient fields the demo's form edits (a subset of what Ingo accepts). */
const EDITABLE = [
  'firstName',
  'lastName',
  'addressLine1',
  'city',
  'state',
  'zipCode',
  'emailAddress',
  'phoneNumber',
] as const;

export class ProfileStore {
  readonly #recipients = new Map<string, Recipient>();

  get(visitor: string | undefined): Recipient {
    return (visitor && this.#recipients.get(visitor)) || DEFAULT_RECIPIENT;
  }

  /** Keeps only the editable fields, trimmed; empty optional fields are dropped. */
  clean(input: unknown): Recipient {
    const source = (typeof input === 'object' && input !== null ? input : {}) as Record<
      string,
      unknown
    >;
    const recipient: Record<string, string> = {};
    for (const key of EDITABLE) {
      const value = source[key];
      if (typeof value === 'string' && value.trim() !== '') recipient[key] = value.trim();
    }
    return recipient as unknown as Recipient;
  }

  set(visitor: string, recipient: Recipient): Recipient {
    this.#recipients.set(visitor, recipient);
    return recipient;
  }
}
