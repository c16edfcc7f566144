import { isIP } from 'node:net';

// The client address of a socket handshake, by the same rule as Express's `trust proxy
// 'loopback'` (req.ip): behind a reverse proxy on this machine, the nearest address in
// X-Forwarded-For that is not loopback; otherwise the peer address itself.

function normalize(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/** True for 127.0.0.0/8 and ::1 (also IPv4-mapped). */
export function isLoopback(address: string): boolean {
  const a = normalize(address);
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
}

/** The client IP of a connection from `peer` carrying `forwardedFor` (X-Forwarded-For). */
export function clientIp(peer: string, forwardedFor: string | string[] | undefined): string {
  let ip = normalize(peer);
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (!header) return ip;
  const hops = header.split(',').map(normalize).reverse();
  for (const hop of hops) {
    if (!isLoopback(ip)) break;
    if (isIP(hop) === 0) break;
    ip = hop;
  }
  return ip;
}

/** The client IP of a Socket.IO handshake. */
export function handshakeIp(handshake: { address: string; headers: Record<string, string | string[] | undefined> }): string {
  return clientIp(handshake.address, handshake.headers['x-forwarded-for']);
}
