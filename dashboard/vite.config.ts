import { defineConfig } from 'vite';

// The agent dashboard: a static SPA the server serves at /agent (same origin as the API).
export default defineConfig({
  base: '/agent/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
