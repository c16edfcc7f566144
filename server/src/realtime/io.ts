import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AgentService } from '../domain/agents';
import type { ChatService } from '../domain/chats';
import type { Clock } from '../domain/clock';
import type { Logger } from '../domain/deps';
import type { Notifier } from '../domain/notifier';
import type { GraceTracker } from '../domain/grace';
import type { Presence } from '../domain/presence';
import type { Routing } from '../domain/routing';
import type { TicketService } from '../domain/tickets';
import type { ComplaintService } from '../domain/complaints';
import type { EmergencyService } from '../domain/emergencies';
import type { Metrics } from '../observability/metrics';
import type { VisitorService } from '../domain/visitors';
import type { Store } from '../store/store';
import { registerAgentHandlers } from './agent.handlers';
import type { OverloadGuard } from './overload';
import type { PolicyLimits } from '../security/policyLimits';
import { agentAuth, visitorAuth } from './auth.middleware';
import { withConnectionLimit } from './connectionLimit';
import { rooms, type AgentNamespace, type VisitorNamespace } from './types';
import { registerVisitorHandlers } from './visitor.handlers';

/** Largest frame accepted; a bigger one disconnects the socket (DESIGN §6). */
export const MAX_HTTP_BUFFER_SIZE = 64 * 1024;

/** Creates the Socket.IO server with both namespaces on an HTTP server. */
export function createIo(httpServer: HttpServer, allowedOrigins: string[] | null) {
  const io = new Server(httpServer, {
    maxHttpBufferSize: MAX_HTTP_BUFFER_SIZE,
    cors: { origin: allowedOrigins ?? true, credentials: false },
    serveClient: false,
  });
  const visitorNs = io.of('/visitor') as unknown as VisitorNamespace;
  const agentNs = io.of('/agent') as unknown as AgentNamespace;
  return { io, visitorNs, agentNs };
}

// The Notifier's signature is what types each event; the operator below only forwards it.
type Emitter = { emit(event: string, payload: unknown): unknown };
const loose = (target: unknown) => target as Emitter;

/** The domain's {@link Notifier} implemented with rooms (works unchanged with a cluster adapter). */
export function createSocketNotifier(visitorNs: VisitorNamespace, agentNs: AgentNamespace): Notifier {
  return {
    toVisitor(visitorId, event, payload, exceptOrigin) {
      const target = visitorNs.to(rooms.visitor(visitorId));
      loose(exceptOrigin ? target.except(exceptOrigin) : target).emit(event, payload);
    },
    toAgent(agentId, event, payload, exceptOrigin) {
      const target = agentNs.to(rooms.agent(agentId));
      loose(exceptOrigin ? target.except(exceptOrigin) : target).emit(event, payload);
    },
    toDepartment(department, event, payload, alsoAgentIds = []) {
      loose(agentNs.to([rooms.department(department), rooms.supervisors, ...alsoAgentIds.map(rooms.agent)])).emit(event, payload);
    },
    toSupervisors(event, payload) {
      loose(agentNs.to(rooms.supervisors)).emit(event, payload);
    },
    toChatWatchers(chatId, event, payload, exceptOrigin) {
      const target = agentNs.to(rooms.chatWatchers(chatId));
      loose(exceptOrigin ? target.except(exceptOrigin) : target).emit(event, payload);
    },
    watchChat(origin, chatId) {
      agentNs.in(origin).socketsJoin(rooms.chatWatchers(chatId));
    },
    disconnectAgentSession(tokenHash) {
      agentNs.in(rooms.session(tokenHash)).disconnectSockets(true);
    },
    disconnectAgent(agentId) {
      agentNs.in(rooms.agent(agentId)).disconnectSockets(true);
    },
  };
}

export interface RealtimeDeps {
  agents: AgentService;
  visitors: VisitorService;
  chats: ChatService;
  tickets: TicketService;
  complaints: ComplaintService;
  emergencies: EmergencyService;
  routing: Routing;
  presence: Presence;
  grace: GraceTracker;
  metrics: Metrics;
  limits: PolicyLimits;
  store: Store;
  clock: Clock;
  logger: Logger;
  allowedOrigins: string[] | null;
  /** Load shedding; none = never shed. */
  overload?: OverloadGuard;
}

/**
 * Ends a connection whose setup failed (the store was unreachable, say) so that the client
 * comes back by itself: closing the transport looks like a network drop, retried with the
 * client's backoff, whereas `disconnect()` tells the client the server ended the session.
 */
function dropTransport(socket: { conn: { close(): void } }): void {
  socket.conn.close();
}

/** Installs authentication and handlers on both namespaces. */
export function attachHandlers(visitorNs: VisitorNamespace, agentNs: AgentNamespace, given: RealtimeDeps): void {
  const { logger, overload } = given;
  // Shed commands are refused before their rate limits are counted.
  const deps: RealtimeDeps = overload
    ? {
      ...given,
      limits: {
        ...given.limits,
        async command(event, origin) {
          overload.check(event);
          await given.limits.command(event, origin);
        },
      },
    }
    : given;
  if (overload) visitorNs.use(overload.connections());
  // The per-IP connection budget is taken before authentication (which may create a visitor).
  visitorNs.use(withConnectionLimit(deps.limits, logger, visitorAuth(deps.visitors, deps.allowedOrigins, logger)));
  agentNs.use(withConnectionLimit(deps.limits, logger, agentAuth(deps.agents, logger)));
  visitorNs.on('connection', (socket) => {
    deps.metrics.connectedSockets.inc({ namespace: 'visitor' });
    socket.on('disconnect', () => deps.metrics.connectedSockets.dec({ namespace: 'visitor' }));
    registerVisitorHandlers(socket, deps).catch((error: unknown) => {
      logger.error({ err: error }, 'visitor connection setup failed');
      dropTransport(socket);
    });
  });
  agentNs.on('connection', (socket) => {
    deps.metrics.connectedSockets.inc({ namespace: 'agent' });
    socket.on('disconnect', () => deps.metrics.connectedSockets.dec({ namespace: 'agent' }));
    registerAgentHandlers(socket, deps).catch((error: unknown) => {
      logger.error({ err: error }, 'agent connection setup failed');
      dropTransport(socket);
    });
  });
}
