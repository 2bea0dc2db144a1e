'use client';

import {
  createPayouts,
  DESTINATIONS,
  describe,
  describeAccount,
  describePayout,
  PAYOUTS,
  type PayoutAction,
  type PayoutAnswer,
  payoutsFor,
  type SavedAccount,
  saveAccount,
} from '@ingo-embed/demo-kit/page';
import {
  type FundingDestination,
  type FundingFormState,
  type IngoEmbedError,
  type IngoEvent,
  IngoFundingForm,
  type IngoToken,
  type InitialSession,
  preloadIngo,
  usePrefetchIngoFundingForm,
} from '@ingo-embed/react';
import { useEffect, useRef, useState } from 'react';

/** The session endpoint (app/api/ingo/session/route.ts). */
const SESSION_URL = '/api/ingo/session';

/** Where the hand-over of the token TOKEN_SUCCESS gave us stands. */
type AccountStatus =
  | { status: 'saving' }
  | { status: 'saved' }
  | { status: 'failed'; message: string };

export interface FundingDemoProps {
  /**
   * The account the server keeps for the visitor when the page was rendered (handed over by an
   * earlier page, or delivered by Ingo's tokenization webhook), or undefined.
   */
  initialAccount?: SavedAccount | undefined;
  /**
   * The session the page created for the first destination while it rendered, or null: the form
   * mounts it without asking (and asks the endpoint with its key if it has grown too old).
   */
  initialSession?: InitialSession | null | undefined;
  /** Where Ingo's SDK script is (the server knows it): loaded early, and by prefetches. */
  sdkUrl?: string | undefined;
}

/**
 * The client half of the page: the destination choice, Ingo's funding form, its state, the token
 * or error (with "Try again" / "Start over"), saving the token on the server, the account the
 * server keeps and the payouts it allows, and a live log of the SDK's events. Renders two grid
 * columns: the form and the events.
 */
export function FundingDemo({ initialAccount, initialSession, sdkUrl }: FundingDemoProps) {
  const [destination, setDestination] = useState<FundingDestination>('debit');
  const [state, setState] = useState<FundingFormState>('idle');
  const [token, setToken] = useState<IngoToken>();
  const [canceled, setCanceled] = useState(false);
  // What the server keeps: rendered with the page, then what saving a new token answered.
  const [account, setAccount] = useState<SavedAccount | undefined>(initialAccount);
  const [accountStatus, setAccountStatus] = useState<AccountStatus>();
  const [running, setRunning] = useState<readonly PayoutAction[]>([]);
  const [payout, setPayout] = useState<PayoutAnswer>();
  const [payoutError, setPayoutError] = useState<string>();
  const [events, setEvents] = useState<{ id: number; text: string }[]>([]);
  const nextEventId = useRef(0);
  // One payouts helper per page: it keeps a click's request id until the answer arrives.
  const [payouts] = useState(() => createPayouts());
  // Counts destination changes: answers for an earlier form are dropped.
  const generation = useRef(0);
  // Hovering or focusing another destination starts its session and the script: choosing it
  // then mounts the form without waiting for the session endpoint.
  const prefetch = usePrefetchIngoFundingForm({ session: SESSION_URL, sdkUrl });

  // The SDK script and the connection to Ingo, as soon as the page is interactive (the head's
  // hints only download the script; this runs it, and covers client-side navigations).
  useEffect(() => {
    if (sdkUrl) preloadIngo({ sdkUrl, sessionOrigin: initialSession?.authorizedUrl });
  }, [sdkUrl, initialSession]);

  function chooseDestination(next: FundingDestination) {
    // A new destination remounts the form with a new session (the component does that):
    // forget the last outcome. The server's account stays: it is still there, and still pays.
    generation.current++;
    setDestination(next);
    setToken(undefined);
    setCanceled(false);
    setAccountStatus(undefined);
    setRunning([]);
    setPayout(undefined);
    setPayoutError(undefined);
  }

  function handleToken(result: IngoToken) {
    setToken(result);
    // The server keeps the token with the signed-in user: IngoPay calls use it from there.
    const current = generation.current;
    setAccountStatus({ status: 'saving' });
    saveAccount(result).then(
      (saved) => {
        // What the server now keeps, even when the destination changed meanwhile.
        setAccount(saved);
        if (current === generation.current) setAccountStatus({ status: 'saved' });
      },
      (failure: unknown) => {
        if (current === generation.current) {
          setAccountStatus({ status: 'failed', message: messageOf(failure) });
        }
      },
    );
  }

  function handleFailure(failure: IngoEmbedError) {
    // Your app: report it to your monitoring. (The page shows it through renderFailure.)
    console.warn(`Ingo funding form failed (${failure.code}):`, failure.message);
  }

  function handleEvent(event: IngoEvent) {
    const id = nextEventId.current++;
    setEvents((log) => [...log, { id, text: describe(event) }]);
  }

  /** The form's failure view, in the form's own box; its button retries. */
  function renderFailure(failure: IngoEmbedError, retry: () => void) {
    return (
      <div className="demo-error" data-testid="error" role="alert">
        <p>
          {failure.message} ({failure.code})
        </p>
        <button
          className="demo-button"
          type="button"
          onClick={() => {
            setCanceled(false);
            // Retries the same Ingo session when failure.retryable, otherwise starts a new one.
            retry();
          }}
        >
          {failure.retryable ? 'Try again' : 'Start over'}
        </button>
      </div>
    );
  }

  async function runPayout(action: PayoutAction) {
    const current = generation.current;
    setRunning((actions) => [...actions, action]);
    try {
      const answer = await payouts.run(action);
      if (current !== generation.current) return;
      setPayout(answer);
      setPayoutError(undefined);
    } catch (failure) {
      if (current !== generation.current) return;
      setPayout(undefined);
      setPayoutError(messageOf(failure));
    } finally {
      if (current === generation.current) {
        setRunning((actions) => actions.filter((other) => other !== action));
      }
    }
  }

  const offered = account ? payoutsFor(account) : [];

  return (
    <>
      <div>
        <section className="demo-panel" aria-labelledby="form-title">
          <h2 id="form-title">Funding account</h2>
          <fieldset className="demo-destinations">
            <legend>Destination</legend>
            {DESTINATIONS.map((option) => (
              <label
                key={option.value}
                // Not the destination on show: its form is mounted already.
                {...(option.value === destination ? undefined : prefetch(option.value))}
              >
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

          {token && (
            <p>
              Token:{' '}
              <span className="demo-token" data-testid="token">
                {token.customerAccountToken}
              </span>
            </p>
          )}

          {accountStatus && (
            <p
              className={accountStatus.status === 'failed' ? 'demo-error' : 'demo-note'}
              data-testid="account-status"
              role="status"
            >
              {accountStatus.status === 'saving' && 'Saving the account on the server…'}
              {accountStatus.status === 'saved' && 'Saved on the server.'}
              {accountStatus.status === 'failed' && accountStatus.message}
            </p>
          )}

          {canceled && <p data-testid="cancel">Canceled</p>}

          <div data-testid="funding-form">
            {/* Changing `destination` remounts the form with a new session. Inline callbacks
                are fine: a new function never remounts it, and the newest one is called. The
                placeholder and the failure view show inside the form's box (.demo-form keeps
                its height), so the page does not jump when the iframe appears. */}
            <IngoFundingForm
              className="demo-form"
              destination={destination}
              session={SESSION_URL}
              sdkUrl={sdkUrl}
              initialSession={initialSession}
              sdkOptions={{ autoHeight: true }}
              fallback={
                <p className="demo-note" data-testid="form-placeholder" role="status">
                  Loading the secure form…
                </p>
              }
              renderFailure={renderFailure}
              onStateChange={setState}
              onToken={handleToken}
              onFailure={handleFailure}
              onCancel={() => setCanceled(true)}
              onEvent={handleEvent}
            />
          </div>

          {account && (
            <p className="demo-note" data-testid="server-account">
              Saved on the server: {describeAccount(account)}
            </p>
          )}

          {account && (
            <section className="demo-payouts" aria-labelledby="payouts-title">
              <h3 id="payouts-title">Move money</h3>
              {offered.map((action) => {
                const busy = running.includes(action);
                return (
                  <button
                    key={action}
                    className="demo-button"
                    type="button"
                    disabled={busy}
                    aria-busy={busy || undefined}
                    onClick={() => runPayout(action)}
                  >
                    {PAYOUTS[action].label}
                  </button>
                );
              })}
              {payout && (
                <p className="demo-payout-result" data-testid="payout-result" role="status">
                  {describePayout(payout)}
                  {payout.estimatedPosting && ` · ${payout.estimatedPosting}`}
                </p>
              )}
              {payoutError && (
                <p className="demo-error" data-testid="payout-error" role="alert">
                  {payoutError}
                </p>
              )}
            </section>
          )}
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
    </>
  );
}

function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
