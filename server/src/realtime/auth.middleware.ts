import { AgentHandshake, PROTOCOL_VERSION, VisitorHandshake } from '@besoin/shared';
import type { ExtendedError } from 'socket.io';
import { hashToken } from '../auth/tokens';
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

/** `/agent` handshake: protocol, then a valid session token. */
export function agentAuth(agents: AgentService, logger: Logger) {
  return (socket: AgentSocket, next: Next) => {
    const problem = checkProtocol(socket.handshake.auth);
    if (problem) return next(problem);
    const parsed = AgentHandshake.safeParse(socket.handshake.auth);
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
