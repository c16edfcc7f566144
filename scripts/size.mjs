// Gzip size budgets of the embeddable widget (run after `pnpm build`).
//   loader  = dist/widget.js                             ≤ 6 KB   (on every page of the host site)
//   on open = dist/widget-app.js + every chunk it imports ≤ 35 KB  (loaded on first open)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'widget', 'dist');
const LOADER_BUDGET = 6 * 1024;
const APP_BUDGET = 35 * 1024;

const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

/** widget-app.js and, transitively, every local file it imports (static or dynamic). */
function appFiles(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    const specifiers = code.matchAll(/(?:\bimport\s*\(\s*|\bfrom\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g);
    for (const [, specifier] of specifiers) {
      const target = join(dirname(file), specifier.split(/[?#]/)[0]);
      if (!existsSync(target)) fail(`${target} (imported by ${file}) is missing.`);
      visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

function fail(message) {
  console.error(`size: ${message}`);
  process.exit(1);
}

const loader = join(dist, 'widget.js');
const app = join(dist, 'widget-app.js');
for (const file of [loader, app]) {
  if (!existsSync(file)) fail(`${file} is missing; run \`pnpm build\` first.`);
}

const loaderSize = gzipSize(loader);
const files = appFiles(app);
const appSize = files.reduce((sum, file) => sum + gzipSize(file), 0);

console.log(`widget.js (loader)        ${kb(loaderSize).padStart(9)} gzip  (budget ${kb(LOADER_BUDGET)})`);
console.log(`on first open (${files.length} file${files.length > 1 ? 's' : ''}) ${kb(appSize).padStart(9)} gzip  (budget ${kb(APP_BUDGET)})`);

const over = [];
if (loaderSize > LOADER_BUDGET) over.push(`widget.js is ${loaderSize} bytes gzip, over its ${LOADER_BUDGET}-byte budget`);
if (appSize > APP_BUDGET) over.push(`the app loaded on first open is ${appSize} bytes gzip, over its ${APP_BUDGET}-byte budget`);
if (over.length > 0) fail(`budget exceeded: ${over.join('; ')}.`);
