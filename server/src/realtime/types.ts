import type {
  AgentClientToServerEvents, AgentServerToClientEvents, VisitorClientToServerEvents, VisitorServerToClientEvents,
} from '@besoin/shared';
import type { Namespace, Socket } from 'socket.io';
import type { AgentRecord, VisitorRecord } from '../store/store';

/** What the handshake middleware attaches to a visitor socket. */
export interface VisitorSocketData {
  visitor: VisitorRecord;
  visitorToken: string;
}

/** What the handshake middleware attaches to an agent socket. */
export interface AgentSocketData {
  agent: AgentRecord;
  tokenHash: string;
}

export type VisitorNamespace = Namespace<VisitorClientToServerEvents, VisitorServerToClientEvents, Record<string, never>, VisitorSocketData>;
export type AgentNamespace = Namespace<AgentClientToServerEvents, AgentServerToClientEvents, Record<string, never>, AgentSocketData>;
export type VisitorSocket = Socket<VisitorClientToServerEvents, VisitorServerToClientEvents, Record<string, never>, VisitorSocketData>;
export type AgentSocket = Socket<AgentClientToServerEvents, AgentServerToClientEvents, Record<string, never>, AgentSocketData>;

/** Room names. */
export const rooms = {
  visitor: (id: string) => `v:${id}`,
  agent: (id: string) => `a:${id}`,
  session: (tokenHash: string) => `s:${tokenHash}`,
  department: (d: string) => `d:${d}`,
  supervisors: 'sup',
  chatWatchers: (chatId: string) => `w:${chatId}`,
} as const;
