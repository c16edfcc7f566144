// Entry of `widget-extra.js`, loaded with import() (src/app/extraChunk.ts) only when the visitor
// opens a rarer screen (complaint, emergency, sent ticket: src/app/lazy.tsx) or downloads a
// transcript. Preact, the strings of fr.ts and the shared helpers come from widget-app.js, which
// this chunk imports back (the very module instance the loader imported).
export { default as css } from './extra.css?inline';
export { Screen } from './Screen';
export { downloadTranscript } from './transcript';
