import type { IngoEmbedError } from '@ingo-embed/core';
import { type CSSProperties, forwardRef, type ReactNode, useImperativeHandle } from 'react';
import { type IngoFundingFormOptions, useIngoFundingForm } from './use-ingo-funding-form.js';

export type IngoFundingFormProps = IngoFundingFormOptions & {
  className?: string;
  style?: CSSProperties;
  id?: string;
  /**
   * Shown inside the container until the form is up (state `idle` or `loading`), on the server
   * too: a placeholder that keeps the page from jumping when the iframe appears.
   */
  fallback?: ReactNode;
} & (
    | {
        /** Required unless `renderFailure` is given: nothing else would tell you that something failed. */
        onFailure: (error: IngoEmbedError) => void;
        /** Shown inside the container while the state is `failed`: the error, and a way to `retry`. */
        renderFailure?: (error: IngoEmbedError, retry: () => void) => ReactNode;
      }
    | {
        onFailure?: (error: IngoEmbedError) => void;
        renderFailure: (error: IngoEmbedError, retry: () => void) => ReactNode;
      }
  );

/** What a `ref` on {@link IngoFundingForm} gives you. */
export interface IngoFundingFormRef {
  /** After `onFailure`: tries again (same session when `error.retryable`, a new one otherwise). */
  retry(): void;
}

/**
 * Ingo's funding form. Renders one `<div>` (all that renders on the server, with `fallback` in
 * it); the iframe is mounted into it in the browser. See {@link useIngoFundingForm} for what
 * remounts it.
 */
// forwardRef rather than React 19's ref-as-prop: the peer range starts at React 18.
export const IngoFundingForm = forwardRef<IngoFundingFormRef, IngoFundingFormProps>(
  function IngoFundingForm({ className, style, id, fallback, renderFailure, ...options }, ref) {
    const { ref: container, state, error, retry } = useIngoFundingForm(options);
    useImperativeHandle(ref, () => ({ retry }), [retry]);
    // Core appends its iframe to this same <div>, beside what React renders in it. Two child
    // slots, never a lone string: React would write a lone string as the div's textContent, and
    // replacing or clearing that would remove the iframe too. Each slot is inserted and removed
    // as a node of its own, and the iframe stays.
    return (
      <div ref={container} className={className} style={style} id={id}>
        {(state === 'idle' || state === 'loading') && fallback}
        {state === 'failed' && renderFailure?.(error as IngoEmbedError, retry)}
      </div>
    );
  },
);
