// Gzip size budgets of the embeddable widget (run after `pnpm build`).
//   loader     = dist/widget.js                                   ≤ 6 KB   (on every page of the host site)
//   first open = dist/widget-app.js + every file it imports statically ≤ 35 KB  (the loader excluded)
//   extra      = dist/widget-extra.js + what it adds to first open  ≤ 15 KB  (loaded with import() when
//                the visitor opens a rarer screen: complaint, emergency, sent ticket)
// Every file the widget may load must be one of these fixed names (the server serves dist/<name>.js).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'widget', 'dist');
const FILES = ['widget.js', 'widget-app.js', 'widget-extra.js'];
const LOADER_BUDGET = 6 * 1024;
const FIRST_OPEN_BUDGET = 35 * 1024;
const EXTRA_BUDGET = 15 * 1024;

const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
/** Size and exact byte count: two builds can differ by less than the rounding of `kb`. */
const sized = (bytes) => `${kb(bytes).padStart(9)} gzip ${`(${bytes} B)`.padStart(9)}`;

function fail(message) {
  console.error(`size: ${message}`);
  process.exit(1);
}

/** The local files a module imports: `static` (import … from, import '…') and `dynamic` (import('…')). */
function importsOf(file) {
  const code = readFileSync(file, 'utf8');
  const found = { static: [], dynamic: [] };
  for (const [, call, specifier] of code.matchAll(/\b(import\s*\(\s*|from\s*|import\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
    const target = join(dirname(file), specifier.split(/[?#]/)[0]);
    if (!existsSync(target)) fail(`${target} (imported by ${basename(file)}) is missing.`);
    found[call.includes('(') ? 'dynamic' : 'static'].push(target);
  }
  return found;
}

/** `entry` and, transitively, every file it imports statically. */
function staticClosure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    importsOf(file).static.forEach(visit);
  };
  visit(entry);
  return seen;
}

const present = readdirSync(dist).filter((name) => name.endsWith('.js'));
const unknown = present.filter((name) => !FILES.includes(name));
if (unknown.length > 0) fail(`unexpected file(s) in widget/dist: ${unknown.join(', ')} (the server serves only ${FILES.join(', ')}).`);
const [loader, app, extra] = FILES.map((name) => join(dist, name));
for (const file of [loader, app, extra]) {
  if (!existsSync(file)) fail(`${file} is missing; run \`pnpm build\` first.`);
}

const firstOpen = staticClosure(app);
if (firstOpen.has(extra)) fail('widget-app.js imports widget-extra.js statically: it must be loaded with import() only.');
const dynamic = [...firstOpen].flatMap((file) => importsOf(file).dynamic);
const lazy = [...new Set(dynamic)].filter((file) => !firstOpen.has(file));
if (lazy.some((file) => file !== extra)) fail(`widget-app.js loads other files lazily: ${lazy.map((f) => basename(f)).join(', ')}.`);
if (!lazy.includes(extra)) fail('widget-app.js never imports widget-extra.js.');
const extraFiles = [...staticClosure(extra)].filter((file) => !firstOpen.has(file));

const sum = (files) => [...files].reduce((total, file) => total + gzipSize(file), 0);
const loaderSize = gzipSize(loader);
const firstOpenSize = sum(firstOpen);
const extraSize = sum(extraFiles);
const names = (files) => [...files].map((file) => basename(file)).join(' + ');

console.log(`loader      ${sized(loaderSize)}  (budget ${kb(LOADER_BUDGET)})  widget.js`);
console.log(`first open  ${sized(firstOpenSize)}  (budget ${kb(FIRST_OPEN_BUDGET)})  ${names(firstOpen)}`);
console.log(`extra       ${sized(extraSize)}  (budget ${kb(EXTRA_BUDGET)})  ${names(extraFiles)}`);

const over = [];
if (loaderSize > LOADER_BUDGET) over.push(`widget.js is ${loaderSize} bytes gzip, over its ${LOADER_BUDGET}-byte budget`);
if (firstOpenSize > FIRST_OPEN_BUDGET) over.push(`first open is ${firstOpenSize} bytes gzip, over its ${FIRST_OPEN_BUDGET}-byte budget`);
if (extraSize > EXTRA_BUDGET) over.push(`the extra chunk is ${extraSize} bytes gzip, over its ${EXTRA_BUDGET}-byte budget`);
if (over.length > 0) fail(`budget exceeded: ${over.join('; ')}.`);
