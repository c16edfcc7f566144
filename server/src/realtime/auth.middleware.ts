import { AgentHandshake, PROTOCOL_VERSION, VisitorHandshake } from '@besoin/shared';
import type { ExtendedError } from 'socket.io';
import { readCookie, SESSION_COOKIE } from '../auth/sessionCookie';
import { hashToken } from '../auth/tokens';
import { isLoopback } from '../security/clientIp';
import type { AgentService } from '../domain/agents';
import type { Logger } from '../domain/deps';
import type { VisitorService } from '../domain/visitors';
import type { AgentSocket, VisitorSocket } from './types';

type Next = (err?: ExtendedError) => void;

/** A handshake refusal whose `data.code` reaches the client in `connect_error`. */
function refuse(code: 'unauthorized' | 'incompatible_protocol' | 'forbidden' | 'internal', message: string): ExtendedError {
  const error = new Error(message) as ExtendedError;
  error.data = { code };
  return error;
}

function checkProtocol(auth: unknown): ExtendedError | null {
  const protocol = (auth as { protocol?: unknown } | null)?.protocol;
  return protocol === PROTOCOL_VERSION ? null : refuse('incompatible_protocol', `Protocol ${PROTOCOL_VERSION} is required.`);
}

/** Refuses browser handshakes from origins not on the list (no Origin header = not a browser). */
export function originAllowed(origin: string | undefined, allowed: string[] | null): boolean {
  return !origin || allowed === null || allowed.includes(origin);
}

/** `/visitor` handshake: protocol, origin, then the visitor of the token (a new one if unknown). */
export function visitorAuth(visitors: VisitorService, allowedOrigins: string[] | null, logger: Logger) {
  return (socket: VisitorSocket, next: Next) => {
    const problem = checkProtocol(socket.handshake.auth);
    if (problem) return next(problem);
    if (!originAllowed(socket.handshake.headers.origin, allowedOrigins)) {
      return next(refuse('forbidden', 'This origin may not embed the widget.'));
    }
    const parsed = VisitorHandshake.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(refuse('unauthorized', 'Invalid handshake.'));
    visitors
      .resolve(parsed.data.visitorToken)
      .then(({ visitor, token }) => {
        socket.data = { visitor, visitorToken: token };
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'visitor handshake failed');
        next(refuse('internal', 'Internal error.'));
      });
  };
}

/**
 * The session token of an `/agent` handshake: `auth.token`, else the session cookie — the
 * latter only from a same-origin page (a cookie is sent by any page of the same *site*).
 */
function handshakeToken(handshake: AgentSocket['handshake']): unknown {
  const given = (handshake.auth as { token?: unknown } | null)?.token;
  if (given !== undefined) return given;
  const { origin, host } = handshake.headers;
  // Behind a reverse proxy on this machine (trusted like Express's `trust proxy`), the public host is X-Forwarded-Host.
  const forwardedHost = isLoopback(handshake.address) ? handshake.headers['x-forwarded-host'] : undefined;
  const hosts = [host, ...(typeof forwardedHost === 'string' ? [forwardedHost.split(',')[0]!.trim()] : [])];
  if (origin && !hosts.some((h) => sameOrigin(origin, h))) return undefined;
  return readCookie(handshake.headers.cookie, SESSION_COOKIE) ?? undefined;
}

/** True when `origin`'s host is `host` (the dashboard is served by this server). */
export function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** `/agent` handshake: protocol, then a valid session (token in `auth`, or the session cookie). */
export function agentAuth(agents: AgentService, logger: Logger) {
  return (socket: AgentSocket, next: Next) => {
    const problem = checkProtocol(socket.handshake.auth);
    if (problem) return next(problem);
    const parsed = AgentHandshake.safeParse({ ...(socket.handshake.auth as object), token: handshakeToken(socket.handshake) });
    if (!parsed.success) return next(refuse('unauthorized', 'A session token is required.'));
    agents
      .authenticate(parsed.data.token)
      .then((agent) => {
        if (!agent) return next(refuse('unauthorized', 'Invalid or expired session.'));
        socket.data = { agent, tokenHash: hashToken(parsed.data.token) };
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'agent handshake failed');
        next(refuse('internal', 'Internal error.'));
      });
  };
}
