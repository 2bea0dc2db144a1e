// Checks the built package the way customers get it (run by `lint`, after `build`): dist/index.js
// starts with the "use client" directive, so React Server Components treat it as a client module
// (bundlers drop directives from sources; tsdown adds it as a banner). The size budget is checked
// once for every package, by bench/ (`pnpm test`).
import { readFile } from 'node:fs/promises';

const code = await readFile(new URL('../dist/index.js', import.meta.url), 'utf8');
if (!/^"use client";\r?\n/.test(code)) {
  console.error(
    'dist/index.js does not start with "use client": check the banner in tsdown.config.ts.',
  );
  process.exitCode = 1;
}
