import { type FormEvent, useEffect, useState } from 'react';

/** The demo's recipient profile, as /api/demo/recipient answers and accepts it. */
interface Recipient {
  firstName: string;
  lastName: string;
  addressLine1: string;
  city: string;
  state: string;
  zipCode: string;
  emailAddress: string;
  phoneNumber?: string;
}

interface Field {
  key: Exclude<keyof Recipient, 'phoneNumber'>;
  label: string;
  autoComplete: string;
  type?: string;
}

/** One inner array per line of the form. */
const FIELDS: Field[][] = [
  [
    { key: 'firstName', label: 'First name', autoComplete: 'given-name' },
    { key: 'lastName', label: 'Last name', autoComplete: 'family-name' },
  ],
  [{ key: 'addressLine1', label: 'Address', autoComplete: 'address-line1' }],
  [{ key: 'city', label: 'City', autoComplete: 'address-level2' }],
  [
    { key: 'state', label: 'State', autoComplete: 'address-level1' },
    { key: 'zipCode', label: 'ZIP code', autoComplete: 'postal-code' },
  ],
  [{ key: 'emailAddress', label: 'Email', autoComplete: 'email', type: 'email' }],
];

const EMPTY: Recipient = {
  firstName: '',
  lastName: '',
  addressLine1: '',
  city: '',
  state: '',
  zipCode: '',
  emailAddress: '',
};

/** A failed answer: `{ error: { message, fields? } }`, where `fields` names the invalid inputs. */
class AnswerError extends Error {
  constructor(
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

async function answerError(response: Response): Promise<AnswerError> {
  const body = await response.json().catch(() => undefined);
  return new AnswerError(
    body?.error?.message ?? `the server answered ${response.status}`,
    body?.error?.fields,
  );
}

/**
 * The signed-in user's recipient profile. It lives on the server (GET/PUT /api/demo/recipient):
 * the session endpoint reads it from there, so the browser never sends recipient details to Ingo.
 */
export function RecipientForm() {
  const [recipient, setRecipient] = useState<Recipient>(EMPTY);
  const [loaded, setLoaded] = useState(false);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('Loading…');
  const [invalid, setInvalid] = useState<string[]>([]);

  useEffect(() => {
    // StrictMode runs this twice in development: the first answer is dropped.
    let current = true;
    (async () => {
      try {
        const response = await fetch('/api/demo/recipient');
        if (!response.ok) throw await answerError(response);
        const profile: Recipient = await response.json();
        if (!current) return;
        setRecipient(profile);
        setLoaded(true);
        setStatus('');
      } catch (failure) {
        if (current) setStatus(`Could not load the recipient: ${(failure as Error).message}`);
      }
    })();
    return () => {
      current = false;
    };
  }, []);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    try {
      const response = await fetch('/api/demo/recipient', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(recipient),
      });
      if (!response.ok) throw await answerError(response);
      setRecipient(await response.json());
      setInvalid([]);
      setStatus('Saved: the next session uses these details.');
    } catch (failure) {
      setInvalid(failure instanceof AnswerError ? failure.fields : []);
      setStatus(`Not saved: ${(failure as Error).message}`);
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
        {FIELDS.map((row) => (
          <div key={row[0]?.key} className={row.length > 1 ? 'demo-row' : undefined}>
            {row.map((field) => (
              <label key={field.key} className="demo-field">
                {field.label}
                <input
                  name={field.key}
                  type={field.type ?? 'text'}
                  autoComplete={field.autoComplete}
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
