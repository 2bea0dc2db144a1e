// The element in React 19 JSX, with the opt-in type entry.

import type { IngoEmbedError, IngoToken, SessionFunction } from '@ingo-embed/element';
import type {} from '@ingo-embed/element/react';

export function Payout(props: {
  session: SessionFunction;
  onToken: (token: IngoToken) => void;
  onFailure: (error: IngoEmbedError) => void;
}) {
  return (
    <>
      <ingo-funding-form
        destination="debit"
        session="/api/ingo/session"
        sdk-url="https://webplugin-uat.example.test/sdk.js"
        timeout-ms="10000"
        className="payout"
        style={{ minHeight: 480 }}
        oningo-token={(event) => props.onToken(event.detail)}
        oningo-failure={(event) => props.onFailure(event.detail)}
        oningo-statechange={(event) => event.detail satisfies string}
        ref={(element) => element?.retry()}
      >
        <p slot="loading">Loading the secure form…</p>
        <p slot="failure">The form could not load.</p>
      </ingo-funding-form>
      <ingo-funding-form
        destination="ach"
        session={props.session}
        sdkOptions={{ autoHeight: true }}
        initialSession={null}
      />
      {/* @ts-expect-error: not one of Ingo's destinations */}
      <ingo-funding-form destination="venmo" />
      {/* @ts-expect-error: a token has no error code */}
      <ingo-funding-form destination="debit" oningo-token={(event) => event.detail.code} />
    </>
  );
}
