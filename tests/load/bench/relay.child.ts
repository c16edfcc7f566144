import { createServer } from 'node:http';
import { createRelay } from './relay.server';

// The relay as a process of its own, like our server: PORT and RELAY_MAX_CHATS from the
// environment, GET /healthz, SIGTERM to stop. Started by the benchmark with probe.preload.ts.

const port = Number(process.env.PORT ?? 0);
const maxChats = Number(process.env.RELAY_MAX_CHATS ?? 5);
const http = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(req.url === '/healthz' ? '{"status":"ok"}' : '{}');
});
const relay = createRelay(http, { maxChats });
http.listen(port, '127.0.0.1');

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 5000).unref();
  void relay.close().finally(() => process.exit(0));
});
