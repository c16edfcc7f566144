// A child process holding many agent sockets for the benchmarks, so that the clients' work does
// not run in the server's event loop. Reads `{ url, tokens }` as JSON on stdin, connects every
// agent, prints "ready N" once all have their session:ready, and on "close" disconnects and exits.
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';

const lines = createInterface({ input: process.stdin });
const sockets: Socket[] = [];
lines.on('line', (line) => {
  if (line === 'close') {
    for (const s of sockets) s.disconnect();
    process.exit(0);
  }
  const { url, tokens } = JSON.parse(line) as { url: string; tokens: string[] };
  let ready = 0;
  for (const token of tokens) {
    const socket = io(`${url}/agent`, { auth: { protocol: 1, token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('session:ready', () => {
      ready += 1;
      if (ready === tokens.length) process.stdout.write(`ready ${ready}\n`);
    });
    sockets.push(socket);
  }
});
// Never outlive the benchmark.
setTimeout(() => process.exit(1), 30 * 60_000).unref();
