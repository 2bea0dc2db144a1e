import { type Ref, toValue, unref } from 'vue';

/** A ref's value, or the value itself. */
type Unref<Source> = Source extends Ref<infer Value> ? Value : Source;
/** A getter's or a ref's value, or the value itself. */
type Read<Source> = Source extends () => infer Value ? Value : Unref<Source>;

/** Options with every source read; `session` and callbacks, being functions, only unwrapped. */
export type Unwrapped<Options> = {
  [Key in keyof Options]: Key extends 'session' | `on${string}`
    ? Unref<Options[Key]>
    : Read<Options[Key]>;
};

/**
 * The values of a binding's options, as core takes them: refs and getters are read (inside a
 * watcher, that tracks them); `session` and the callbacks are functions themselves, so they are
 * unwrapped from a ref but never called.
 */
export function unwrap<Options extends object>(options: Options): Unwrapped<Options> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    values[key] = (key === 'session' || key.startsWith('on') ? unref : toValue)(value);
  }
  return values as Unwrapped<Options>;
}
