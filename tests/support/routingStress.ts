import type { Store } from '@besoin/server';
import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { command } from './clients';
import type { seededRandom } from './random';
import { sleep } from './waitFor';

// What the routing stress tests (tests/stress/routing.stress.test.ts on one node,
// tests/multinode/stress.test.ts across three) share: a round of random ends, closes and agent
// drops, and the invariants of the chats read from the store and of the agents' own views.

/** A chat as the store returns it. */
export type StoredChat = NonNullable<Awaited<ReturnType<Store['getChat']>>>;

/** An agent of a stress test: its socket and the chats its own view shows it holding. */
export interface StressAgent {
  id: string;
  login: string;
  maxChats: number;
  socket: Socket;
  held: Set<string>;
}

/** The chats' statuses as counted by {@link tallyChats}. */
export interface ChatTally {
  /** The chats, every one found. */
  chats: StoredChat[];
  /** Active chats per agent id. */
  byAgent: Map<string, number>;
  queued: number;
  active: number;
  ended: number;
}

/** Expects that no chat was lost and that the `total` chats are each queued, active or ended; counts them. */
export function tallyChats(chats: readonly (StoredChat | null)[], total: number, round: number): ChatTally {
  expect(chats.every(Boolean), `round ${round}: a chat was lost`).toBe(true);
  const byAgent = new Map<string, number>();
  for (const chat of chats) if (chat!.status === 'active') byAgent.set(chat!.agentId!, (byAgent.get(chat!.agentId!) ?? 0) + 1);
  const queued = chats.filter((c) => c!.status === 'queued').length;
  const active = chats.filter((c) => c!.status === 'active').length;
  const ended = chats.filter((c) => c!.status === 'ended').length;
  expect(queued + active + ended).toBe(total);
  return { chats: chats as StoredChat[], byAgent, queued, active, ended };
}

/** Where the agents' own views disagree with the store: a chat shown by two agents, or an active chat its connected agent does not show. */
export function viewProblems(agents: readonly StressAgent[], chats: readonly StoredChat[]): string[] {
  const problems: string[] = [];
  const holders = new Map<string, string>();
  for (const agent of agents) {
    for (const chatId of agent.held) {
      if (holders.has(chatId)) problems.push(`${chatId} shown as held by two agents`);
      holders.set(chatId, agent.id);
    }
  }
  for (const chat of chats) {
    const holder = agents.find((a) => a.id === chat.agentId);
    if (chat.status === 'active' && holder?.socket.connected && holders.get(chat.id) !== holder.id) problems.push(`${holder.login} does not show ${chat.id}`);
  }
  return problems;
}

/** What a round of {@link disruptRound} works on. */
export interface RoundSetup<A extends StressAgent> {
  rnd: ReturnType<typeof seededRandom>;
  store: Pick<Store, 'getChat'>;
  agents: readonly A[];
  /** chatId → the visitor's socket. */
  visitors: ReadonlyMap<string, Socket>;
  graceSeconds: number;
  /** Connects the agent again (online, its chats tracked); the result replaces its fields. */
  reconnect: (agent: A) => Promise<A>;
}

/**
 * One round of disruption: 10–30 active chats end (visitors end some, agents close the others),
 * then 1–2 agents drop and come back, the first within the grace period and the second after it.
 */
export async function disruptRound<A extends StressAgent>({ rnd, store, agents, visitors, graceSeconds, reconnect }: RoundSetup<A>): Promise<{ ended: number; dropped: number }> {
  const active = (await Promise.all([...visitors.keys()].map((id) => store.getChat(id)))).filter((c) => c?.status === 'active');
  const ending = rnd.sample(active, Math.min(active.length, rnd.int(10, 30)));
  await Promise.all(ending.map(async (chat, i) => {
    const holder = agents.find((a) => a.id === chat!.agentId);
    if (i % 2 === 0 || !holder?.socket.connected) await command(visitors.get(chat!.id)!, 'chat:end', { chatId: chat!.id });
    else {
      await command(holder.socket, 'chat:close', { chatId: chat!.id });
      holder.held.delete(chat!.id); // the closing socket gets the ack, not the broadcast
    }
  }));
  const dropping = rnd.sample(agents, rnd.int(1, 2));
  await Promise.all(dropping.map(async (agent, i) => {
    agent.socket.disconnect();
    await sleep(i === 0 ? graceSeconds * 250 : graceSeconds * 1000 + 700);
    Object.assign(agent, await reconnect(agent));
  }));
  return { ended: ending.length, dropped: dropping.length };
}
