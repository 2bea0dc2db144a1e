// The opt-in type entry, as an app's env.d.ts would have it.
import type {} from '@ingo-embed/element/vue';
