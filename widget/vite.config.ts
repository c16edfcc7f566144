import { createHash } from 'node:crypto';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

// Three outputs with fixed names (the server serves dist/<name>.js at /<name>.js):
//   vite build --mode loader → dist/widget.js        classic script (IIFE), plain DOM, no Preact
//   vite build --mode app    → dist/widget-app.js    ES module exporting mount(), loaded on first open
//                            → dist/widget-extra.js  the rarely used screens (src/extra), imported by
//                              widget-app.js with import() when one is shown; it imports Preact and
//                              the shared helpers back from ./widget-app.js
// `import.meta.env.DEV` is false in every build, so debug logging is compiled out.

/**
 * Escapes every non-ASCII character of the final output (`é` → `\u00e9`), so that the scripts
 * behave the same in a host page with another charset or when served without `charset=utf-8`.
 */
const asciiOnly: Plugin = {
  name: 'besoin-ascii-only',
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      chunk.code = chunk.code.replace(/[^\t\n\r\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    }
  },
};

/**
 * `@besoin/shared` is pure (schemas and policy functions; DESIGN §1), but its modules build zod
 * schemas at top level, which a bundler must otherwise assume to have side effects. Declaring
 * them side-effect free lets the app chunk drop the modules (policy) it never uses.
 */
const sharedIsPure: Plugin = {
  name: 'besoin-shared-is-pure',
  transform(_code, id) {
    return /[\\/]shared[\\/]src[\\/]/.test(id) ? { moduleSideEffects: false } : null;
  },
};

/**
 * engine.io-client always bundles its WebTransport transport, which the widget never asks for
 * (session.ts connects with `transports: ['websocket', 'polling']`, so it is never selected or
 * probed): it is replaced by an empty class, about 0.6 KB gzip off the app loaded on first open.
 * If engine.io-client moves the file, nothing matches and the real module is bundled again.
 */
const WEBTRANSPORT_STUB = '\0besoin-webtransport-stub';
const noWebTransport: Plugin = {
  name: 'besoin-no-webtransport',
  enforce: 'pre',
  resolveId(source, importer) {
    return source === './webtransport.js' && /[\\/]engine\.io-client[\\/]/.test(importer ?? '') ? WEBTRANSPORT_STUB : null;
  },
  load(id) {
    return id === WEBTRANSPORT_STUB ? 'export class WT { constructor() { throw new Error("WebTransport is not bundled"); } }' : null;
  },
};

/** The files of the app build; any other chunk would have a name the server does not know. */
const APP_FILES = ['widget-app.js', 'widget-extra.js'];

/**
 * Fails the build on an unexpected chunk, and appends `?v=<hash of widget-extra.js>` to the app's
 * import of it: a browser that still caches an older widget-extra.js (fixed name, revalidated every
 * few minutes) fetches the one that matches the widget-app.js it runs. The extra chunk imports
 * `./widget-app.js` without a query, i.e. the very module instance the loader imported.
 */
const fixedChunks: Plugin = {
  name: 'besoin-fixed-chunks',
  generateBundle(_options, bundle) {
    const names = Object.keys(bundle).filter((name) => name.endsWith('.js'));
    const unknown = names.filter((name) => !APP_FILES.includes(name));
    if (unknown.length > 0) this.error(`unexpected chunk(s) ${unknown.join(', ')}: only ${APP_FILES.join(', ')} are served`);
    const app = bundle['widget-app.js'];
    const extra = bundle['widget-extra.js'];
    if (app?.type !== 'chunk' || extra?.type !== 'chunk') return;
    const version = createHash('sha256').update(extra.code).digest('hex').slice(0, 10);
    const versioned = app.code.replace(/(["'`])\.\/widget-extra\.js\1/g, (_m, quote: string) => `${quote}./widget-extra.js?v=${version}${quote}`);
    if (versioned === app.code) this.error('widget-app.js does not import ./widget-extra.js');
    app.code = versioned;
  },
};

/**
 * Vite wraps every import() in a preload helper (1.3 KB gzip on first open) that would fetch the
 * chunk's CSS and dependencies, resolved against the *host page* rather than the server. The extra
 * chunk has neither (its CSS is a string, its only import is widget-app.js, already loaded), so the
 * helper is replaced by a plain call. If Vite renames the module, the real helper comes back and
 * `scripts/size.mjs` reports the first-open budget exceeded.
 */
const PRELOAD_HELPER = '\0vite/preload-helper.js';
const noPreloadHelper: Plugin = {
  name: 'besoin-no-preload-helper',
  enforce: 'pre',
  load(id) {
    return id === PRELOAD_HELPER ? 'export const __vitePreload = (load) => load();' : null;
  },
};

const common: UserConfig = {
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'import.meta.env.DEV': 'false' },
  build: {
    outDir: 'dist',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
  },
};

export default defineConfig(({ mode }) => {
  if (mode === 'loader') {
    return {
      ...common,
      plugins: [asciiOnly],
      build: {
        ...common.build,
        emptyOutDir: true,
        rolldownOptions: {
          input: 'src/loader.ts',
          output: { format: 'iife', entryFileNames: 'widget.js' },
        },
      },
    };
  }
  return {
    ...common,
    plugins: [noPreloadHelper, noWebTransport, sharedIsPure, fixedChunks, asciiOnly],
    build: {
      ...common.build,
      emptyOutDir: false, // keep widget.js from the loader build
      rolldownOptions: {
        input: { 'widget-app': 'src/app/mount.tsx' },
        // 'allow-extension': mount() keeps its name, and the app may also export what widget-extra.js imports back.
        preserveEntrySignatures: 'allow-extension',
        // The protocol's schemas are built by pure zod calls (`z.object(…)`, `z.string().check(…)`):
        // saying so lets the bundle drop the schemas the widget never uses (agent events, history…).
        treeshake: { manualPureFunctions: ['z'] },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'widget-[name].js' },
      },
    },
  };
});
