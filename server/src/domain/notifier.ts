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
  /** The agents of a department and every supervisor and admin. */
  toDepartment<K extends keyof AgentServerToClientEvents>(
    department: Department, event: K, payload: Args<AgentServerToClientEvents, K>,
  ): void;
  /** Disconnects every connection authenticated with an agent session (logout, deletion). */
  disconnectAgentSession(tokenHash: string): void;
  disconnectAgent(agentId: string): void;
}
