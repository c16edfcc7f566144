import { defineConfig, type Plugin, type UserConfig } from 'vite';

// Two outputs with fixed names (the server serves them at /widget.js and /widget-app.js):
//   vite build --mode loader → dist/widget.js      classic script (IIFE), plain DOM, no Preact
//   vite build --mode app    → dist/widget-app.js  ES module exporting mount(), loaded on first open
// `import.meta.env.DEV` is false in both, so debug logging is compiled out.

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
    plugins: [noWebTransport, sharedIsPure, asciiOnly],
    build: {
      ...common.build,
      emptyOutDir: false, // keep widget.js from the loader build
      rolldownOptions: {
        input: { 'widget-app': 'src/app/mount.tsx' },
        preserveEntrySignatures: 'strict',
        output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false },
      },
    },
  };
});
