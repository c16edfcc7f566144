import { visitorCommands } from '@besoin/shared';
import type { ChatService } from '../domain/chats';
import type { Logger } from '../domain/deps';
import type { Metrics } from '../observability/metrics';
import type { TicketService } from '../domain/tickets';
import type { ComplaintService } from '../domain/complaints';
import type { EmergencyService } from '../domain/emergencies';
import { handshakeIp } from '../security/clientIp';
import type { PolicyLimits } from '../security/policyLimits';
import { answerUnknownEvents, registerCommands } from './command';
import { rooms, type VisitorSocket } from './types';

export interface VisitorHandlerDeps {
  chats: ChatService;
  tickets: TicketService;
  complaints: ComplaintService;
  emergencies: EmergencyService;
  limits: PolicyLimits;
  logger: Logger;
  metrics?: Metrics;
}

/** Wires one visitor connection: room, session:ready, and the commands of `/visitor`. */
export async function registerVisitorHandlers(socket: VisitorSocket, deps: VisitorHandlerDeps): Promise<void> {
  const { chats, tickets, complaints, emergencies, limits, logger } = deps;
  const { visitor, visitorToken } = socket.data;
  const actor = { kind: 'visitor' as const, visitor, origin: socket.id };
  const handlers = {
    'chat:start': (p) => chats.start(visitor, p, socket.id),
    'message:send': (p) => chats.send(actor, p),
    'chat:sync': (p) => chats.sync(actor, p.chatId, p.afterSeq),
    'typing:set': (p) => chats.typing(actor, p.chatId, p.typing),
    'chat:read': (p) => chats.read(actor, p.chatId, p.seq),
    'chat:end': (p) => chats.end(actor, p.chatId),
    'ticket:create': (p) => tickets.createFromForm(visitor, p),
    'supervisor:request': (p) => complaints.request(visitor, p),
    'emergency:raise': (p) => emergencies.raise(visitor, p),
  } satisfies Parameters<typeof registerCommands<typeof visitorCommands>>[2];
  const origin = { sender: `visitor:${visitor.id}`, ip: handshakeIp(socket.handshake) };
  registerCommands(socket, visitorCommands, handlers, logger, (event) => limits.command(event, origin), (event, seconds) => deps.metrics?.ackLatency.observe({ event }, seconds));
  answerUnknownEvents(socket, new Set(Object.keys(handlers)));
  await socket.join(rooms.visitor(visitor.id));
  socket.emit('session:ready', { visitorToken, activeChat: await chats.openChatOf(visitor) });
}
