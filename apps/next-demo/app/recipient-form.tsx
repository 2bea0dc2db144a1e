'use client';

import {
  invalidFields,
  RECIPIENT_FIELDS,
  RECIPIENT_STATUS,
  type Recipient,
  saveRecipient,
} from '@ingo-embed/demo-kit/page';
import { type FormEvent, useState } from 'react';

/**
 * The signed-in user's recipient profile. It lives on the server: the page renders it from there
 * (`initialRecipient`), saving PUTs it to /api/demo/recipient, and the session endpoint reads it
 * from there, so the browser never sends recipient details to Ingo.
 */
export function RecipientForm({ initialRecipient }: { initialRecipient: Recipient }) {
  const [recipient, setRecipient] = useState(initialRecipient);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    try {
      setRecipient(await saveRecipient(recipient));
      setInvalid([]);
      setStatus(RECIPIENT_STATUS.saved);
    } catch (failure) {
      setInvalid(invalidFields(failure));
      setStatus(RECIPIENT_STATUS.saveFailed(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="demo-panel" aria-labelledby="recipient-title">
      <h2 id="recipient-title">Recipient</h2>
      <p className="demo-note">
        These details live on the server, with the signed-in user. The session endpoint reads them
        from there when it asks Ingo for a session; the browser never sends them to Ingo. Saving
        applies to the next session (change the destination or start over to get one).
      </p>
      <form aria-label="Recipient" onSubmit={save}>
        {RECIPIENT_FIELDS.map((row) => (
          <div key={row[0]?.key} className={row.length > 1 ? 'demo-row' : undefined}>
            {row.map((field) => (
              <label key={field.key} className="demo-field">
                {field.label}
                <input
                  name={field.key}
                  type={field.type ?? 'text'}
                  autoComplete={field.autocomplete}
                  required
                  aria-invalid={invalid.includes(field.key)}
                  value={recipient[field.key]}
                  onChange={(event) =>
                    setRecipient({ ...recipient, [field.key]: event.target.value })
                  }
                />
              </label>
            ))}
          </div>
        ))}
        <button className="demo-button" type="submit" disabled={saving}>
          Save recipient
        </button>
        <span className="demo-status" data-testid="recipient-status" role="status">
          {status}
        </span>
      </form>
    </section>
  );
}
