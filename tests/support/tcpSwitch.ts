import { createConnection, createServer, type Socket } from 'node:net';

// A one-line load balancer for multi-node tests: a TCP proxy on 127.0.0.1 that sends every new
// connection to the current target node. `switchTo` picks another node and cuts the open
// connections, so a client with one URL reconnects by itself and lands on that node, as it
// would behind a real load balancer when its node goes away.

/** Starts the proxy in front of `targetPort`; `close()` stops it and cuts every connection. */
export async function startTcpSwitch(targetPort: number) {
  let target = targetPort;
  const open = new Set<Socket>();
  let connections = 0;
  const server = createServer((client) => {
    connections++;
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    open.add(client).add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const cutAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    /** How many client connections were proxied so far. */
    connections: () => connections,
    /** New connections go to `port`; the open ones are cut. */
    switchTo(port: number): void {
      target = port;
      cutAll();
    },
    close(): Promise<void> {
      cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
