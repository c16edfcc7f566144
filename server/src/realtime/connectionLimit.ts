import type { ExtendedError, Socket } from 'socket.io';
import type { Logger } from '../domain/deps';
import { handshakeIp } from '../security/clientIp';
import type { PolicyLimits } from '../security/policyLimits';

type Next = (err?: ExtendedError) => void;
type Middleware<S> = (socket: S, next: Next) => void;

/** Wraps a handshake middleware so that it runs only within the IP's concurrent-connection budget. */
export function withConnectionLimit<S extends Socket>(limits: PolicyLimits, logger: Logger, inner: Middleware<S>): Middleware<S> {
  return (socket, next) => {
    const ip = handshakeIp(socket.handshake);
    limits.connections
      .acquire(ip)
      .then((verdict) => {
        if (!verdict.allowed) {
          const error = new Error('Too many connections from this address.') as ExtendedError;
          error.data = { code: 'rate_limited', details: { retryAfterMs: verdict.retryAfterMs } };
          return next(error);
        }
        // Given back exactly once: when the socket disconnects, when its transport closes
        // before the handshake finished, or when the inner middleware refuses it.
        let held = true;
        const release = () => {
          if (!held) return;
          held = false;
          socket.conn.off('close', release);
          limits.connections.release(ip).catch((error: unknown) => logger.error({ err: error }, 'connection release failed'));
        };
        socket.once('disconnect', release);
        socket.conn.once('close', release);
        inner(socket, (err) => {
          if (err) release();
          next(err);
        });
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'connection limit failed');
        const refusal = new Error('Internal error.') as ExtendedError;
        refusal.data = { code: 'internal' };
        next(refusal);
      });
  };
}
