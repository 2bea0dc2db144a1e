// The opt-in type entry, as an app's src/app.d.ts would have it.
import type {} from '@ingo-embed/element/svelte';
