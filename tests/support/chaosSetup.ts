import type { seededRandom } from './random';
import { loginAgent, openReliableClient, type ReliableClient } from './reliableClient';
import { waitFor } from './waitFor';

// What both delivery chaos tests need: agents online and visitors each in an assigned chat,
// all as reliable clients; then steady two-way traffic driven by a seeded PRNG.

type Random = ReturnType<typeof seededRandom>;

/** Agents log in and go online, each visitor starts a chat; resolves once every chat is held by one agent. */
export async function openChatPairs(url: string, options: { agents: { login: string; password: string }[]; visitors: number }) {
  const agents: ReliableClient[] = [];
  const visitors: ReliableClient[] = [];
  const close = () => [...agents, ...visitors].forEach((c) => c.close());
  try {
    for (const a of options.agents) {
      const agent = openReliableClient({ url, role: 'agent', name: a.login, token: await loginAgent(url, a.login, a.password) });
      agents.push(agent);
      await agent.ready();
      await agent.command('agent:status', { status: 'online' });
    }
    visitors.push(...Array.from({ length: options.visitors }, (_, i) => openReliableClient({ url, role: 'visitor', name: `visitor${i}` })));
    await Promise.all(visitors.map((v) => v.ready()));
    const chatIds = await Promise.all(visitors.map((v, i) => v.startChat({
      name: `Visiteur ${i}`, email: `v${i}@example.com`, department: 'technical', subject: `Demande ${i}`, message: `Bonjour (${i})`,
    })));
    const assigned = await waitFor(() => chatIds.every((id) => agents.filter((a) => a.chatIds().includes(id)).length === 1), 15_000);
    if (!assigned) throw new Error('not every chat was assigned to exactly one agent');
    return { agents, visitors, all: [...agents, ...visitors], chatIds, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** Queues one message from `client` in one of its chats (a random one for an agent). */
export function sendOne(client: ReliableClient, rnd: Random): string | null {
  const chats = client.chatIds();
  if (chats.length === 0) return null;
  return client.send(chats[rnd.int(0, chats.length - 1)]!);
}

/** Every `tickMs`, each client sends a message with probability `probability`; `stop()` ends it. */
export function startTraffic(clients: ReliableClient[], rnd: Random, { tickMs, probability }: { tickMs: number; probability: number }) {
  const timer = setInterval(() => {
    for (const client of clients) if (rnd.next() < probability) sendOne(client, rnd);
  }, tickMs);
  return { stop: () => clearInterval(timer) };
}

/** Sum of a client stat over clients. */
export function total(clients: ReliableClient[], pick: (c: ReliableClient) => number): number {
  return clients.reduce((sum, c) => sum + pick(c), 0);
}
