import type { PageLoad } from './$types';

export const load: PageLoad = () => ({
  title: 'About this demo — Ingo embed — SvelteKit demo',
  heading: 'About this demo',
  subtitle: 'What this SvelteKit app shows, and the files to copy into yours.',
});
