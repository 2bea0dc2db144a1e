import type { IngoEmbedError } from '@ingo-embed/core';
import { type CSSProperties, forwardRef, useImperativeHandle } from 'react';
import { type IngoFundingFormOptions, useIngoFundingForm } from './use-ingo-funding-form.js';

export type IngoFundingFormProps = IngoFundingFormOptions & {
  /** Required here: the component has no other way to tell you that something failed. */
  onFailure: (error: IngoEmbedError) => void;
  className?: string;
  style?: CSSProperties;
  id?: string;
};

/** What a `ref` on {@link IngoFundingForm} gives you. */
export interface IngoFundingFormRef {
  /** After `onFailure`: tries again (same session when `error.retryable`, a new one otherwise). */
  retry(): void;
}

/**
 * Ingo's funding form. Renders one `<div>` (all that renders on the server); the iframe is mounted
 * into it in the browser. See {@link useIngoFundingForm} for what remounts it.
 */
// forwardRef rather than React 19's ref-as-prop: the peer range starts at React 18.
export const IngoFundingForm = forwardRef<IngoFundingFormRef, IngoFundingFormProps>(
  function IngoFundingForm({ className, style, id, ...options }, ref) {
    const { ref: container, retry } = useIngoFundingForm(options);
    useImperativeHandle(ref, () => ({ retry }), [retry]);
    return <div ref={container} className={className} style={style} id={id} />;
  },
);
