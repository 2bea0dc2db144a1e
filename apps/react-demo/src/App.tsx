import { DESTINATIONS, describe } from '@ingo-embed/demo-kit/page';
import {
  type FundingDestination,
  type FundingFormState,
  type IngoEmbedError,
  type IngoEvent,
  IngoFundingForm,
  type IngoFundingFormRef,
  type IngoToken,
} from '@ingo-embed/react';
import { useRef, useState } from 'react';
import { RecipientForm } from './RecipientForm.js';

/**
 * The whole demo page: the recipient profile, the destination choice, Ingo's funding form, its
 * state, the resulting token or error, and a live log of the SDK's events.
 */
export function App() {
  const [destination, setDestination] = useState<FundingDestination>('debit');
  const [state, setState] = useState<FundingFormState>('idle');
  const [error, setError] = useState<IngoEmbedError>();
  const [token, setToken] = useState<IngoToken>();
  const [canceled, setCanceled] = useState(false);
  const [events, setEvents] = useState<{ id: number; text: string }[]>([]);
  const nextEventId = useRef(0);
  // Gives access to retry(); the form itself is driven by its props.
  const form = useRef<IngoFundingFormRef>(null);

  function chooseDestination(next: FundingDestination) {
    // A new destination remounts the form with a new session (the component does that):
    // forget the last outcome.
    setDestination(next);
    setToken(undefined);
    setCanceled(false);
  }

  function handleStateChange(next: FundingFormState) {
    setState(next);
    // The error belongs to the `failed` state: a retry or a remount clears it.
    if (next !== 'failed') setError(undefined);
  }

  function handleToken(result: IngoToken) {
    // Your app: send result.customerAccountToken to your server, which keeps it for IngoPay calls.
    setToken(result);
  }

  function handleFailure(failure: IngoEmbedError) {
    // Your app: report it to your monitoring too.
    console.warn(`Ingo funding form failed (${failure.code}):`, failure.message);
    setError(failure);
  }

  function handleEvent(event: IngoEvent) {
    const id = nextEventId.current++;
    setEvents((log) => [...log, { id, text: describe(event) }]);
  }

  function retry() {
    setCanceled(false);
    // Retries the same Ingo session when error.retryable, otherwise starts a new one.
    form.current?.retry();
  }

  return (
    <main className="demo">
      <header className="demo-header">
        <h1>Ingo embed — React demo</h1>
        <p>@ingo-embed/react: a component around Ingo's Embedded Account Capture iFrame.</p>
      </header>

      {/* One <div> per grid column. */}
      <div className="demo-grid">
        <div>
          <RecipientForm />
        </div>

        <div>
          <section className="demo-panel" aria-labelledby="form-title">
            <h2 id="form-title">Funding account</h2>
            <fieldset className="demo-destinations">
              <legend>Destination</legend>
              {DESTINATIONS.map((option) => (
                <label key={option.value}>
                  <input
                    type="radio"
                    name="destination"
                    value={option.value}
                    checked={destination === option.value}
                    onChange={() => chooseDestination(option.value)}
                  />
                  {option.label}
                </label>
              ))}
            </fieldset>

            <span className="demo-state">
              State: <span data-testid="state">{state}</span>
            </span>

            {error && (
              <div className="demo-error" data-testid="error" role="alert">
                <p>
                  {error.message} ({error.code})
                </p>
                <button className="demo-button" type="button" onClick={retry}>
                  {error.retryable ? 'Try again' : 'Start over'}
                </button>
              </div>
            )}

            {token && (
              <p>
                Token:{' '}
                <span className="demo-token" data-testid="token">
                  {token.customerAccountToken}
                </span>
              </p>
            )}

            {canceled && <p data-testid="cancel">Canceled</p>}

            <div data-testid="funding-form">
              {/* Changing `destination` remounts the form with a new session. Inline callbacks
                  are fine: a new function never remounts it, and the newest one is called. */}
              <IngoFundingForm
                ref={form}
                className="demo-form"
                destination={destination}
                session="/api/ingo/session"
                sdkOptions={{ autoHeight: true }}
                onStateChange={handleStateChange}
                onToken={handleToken}
                onFailure={handleFailure}
                onCancel={() => setCanceled(true)}
                onEvent={handleEvent}
              />
            </div>
          </section>
        </div>

        <div>
          <section className="demo-panel" aria-labelledby="events-title">
            <h2 id="events-title">Events</h2>
            <p className="demo-note">Every event the SDK sends, newest last.</p>
            <ol className="demo-log" data-testid="event-log">
              {events.map((event) => (
                <li key={event.id}>{event.text}</li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </main>
  );
}
