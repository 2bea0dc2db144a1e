import { describe, expect, it } from 'vitest';
import { validateRecipient } from '../src/index.js';

describe('validateRecipient', () => {
  it('accepts a valid recipient', () => {
    expect(
      validateRecipient({
        firstName: 'Jane',
        lastName: 'Doe',
        state: 'GA',
        zipCode: '30301',
        emailAddress: 'jane.doe@example.com',
      }),
    ).toEqual([]);
  });

  it('names every bad field at once, with the rules createSession applies', () => {
    const fields = validateRecipient({
      firstName: '',
      lastName: 'Doe',
      state: 'Georgia',
      zipCode: '3030',
      emailAddress: 'not-an-email',
    }).map((issue) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'recipient.firstName',
        'recipient.state',
        'recipient.zipCode',
        'recipient.emailAddress',
      ]),
    );
    expect(fields).not.toContain('recipient.lastName');
  });
});
