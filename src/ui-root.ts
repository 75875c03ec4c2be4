import { fileURLToPath } from 'node:url'

/** Where scripts/build-ui.ts writes the web page and src/plugins/ui.ts serves it from (git-ignored; `npm test` and `npm run demo` build it). */
export const UI_ROOT = fileURLToPath(new URL('../dist/ui/', import.meta.url))
