import type { AgentServerToClientEvents, Department, VisitorServerToClientEvents } from '@besoin/shared';

// What the domain tells the outside world. The realtime layer implements it with Socket.IO
// rooms; the domain never sees a socket. `exceptOrigin` is the opaque id of the connection a
// command came from: that connection gets the ack instead of the broadcast.

type Args<M, K extends keyof M> = M[K] extends (payload: infer P) => void ? P : never;

export interface Notifier {
  /** Every connection of a visitor (all tabs). */
  toVisitor<K extends keyof VisitorServerToClientEvents>(
    visitorId: string, event: K, payload: Args<VisitorServerToClientEvents, K>, exceptOrigin?: string,
  ): void;
  /** Every connection of an agent (all tabs and devices). */
  toAgent<K extends keyof AgentServerToClientEvents>(
    agentId: string, event: K, payload: Args<AgentServerToClientEvents, K>, exceptOrigin?: string,
  ): void;
  /** The agents of a department, every supervisor and admin, and `alsoAgentIds` — each connection once. */
  toDepartment<K extends keyof AgentServerToClientEvents>(
    department: Department, event: K, payload: Args<AgentServerToClientEvents, K>, alsoAgentIds?: string[],
  ): void;
  /** Every supervisor and admin. */
  toSupervisors<K extends keyof AgentServerToClientEvents>(event: K, payload: Args<AgentServerToClientEvents, K>): void;
  /** The connections watching a chat (supervisors who joined it), except `exceptOrigin`. */
  toChatWatchers<K extends keyof AgentServerToClientEvents>(
    chatId: string, event: K, payload: Args<AgentServerToClientEvents, K>, exceptOrigin?: string,
  ): void;
  /** Adds a connection to a chat's watchers. */
  watchChat(origin: string, chatId: string): void;
  /** Disconnects every connection authenticated with an agent session (logout, deletion). */
  disconnectAgentSession(tokenHash: string): void;
  disconnectAgent(agentId: string): void;
}
