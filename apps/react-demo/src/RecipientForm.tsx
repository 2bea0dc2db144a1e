import {
  emptyRecipient,
  invalidFields,
  loadRecipient,
  RECIPIENT_FIELDS,
  RECIPIENT_STATUS,
  type Recipient,
  saveRecipient,
} from '@ingo-embed/demo-kit/page';
import { type FormEvent, useEffect, useState } from 'react';

/**
 * The signed-in user's recipient profile. It lives on the server (GET/PUT /api/demo/recipient):
 * the session endpoint reads it from there, so the browser never sends recipient details to Ingo.
 */
export function RecipientForm() {
  const [recipient, setRecipient] = useState<Recipient>(emptyRecipient);
  const [loaded, setLoaded] = useState(false);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<string>(RECIPIENT_STATUS.loading);
  const [invalid, setInvalid] = useState<string[]>([]);

  useEffect(() => {
    // StrictMode runs this twice in development: the first answer is dropped.
    let current = true;
    loadRecipient().then(
      (profile) => {
        if (!current) return;
        setRecipient(profile);
        setLoaded(true);
        setStatus('');
      },
      (failure) => {
        if (current) setStatus(RECIPIENT_STATUS.loadFailed(failure));
      },
    );
    return () => {
      current = false;
    };
  }, []);

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
                  disabled={!loaded}
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
        <button className="demo-button" type="submit" disabled={!loaded || saving}>
          Save recipient
        </button>
        <span className="demo-status" data-testid="recipient-status" role="status">
          {status}
        </span>
      </form>
    </section>
  );
}
