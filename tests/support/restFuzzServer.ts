import { DEPARTMENTS } from '@besoin/shared';
import { afterAll, beforeAll, expect } from 'vitest';
import { command, connectVisitor } from './clients';
import { http, permissivePolicy, pollutionProblem, runCounter } from './fuzzHarness';
import { startServer, type E2eServer } from './server';

// The server of a REST fuzz file (tests/fuzz/rest*.fuzz.test.ts): a real server with a
// permissive policy, agents of every role logged in, two visitors with a chat, a ticket each and
// an emergency; plus what every property checks: the store's fingerprint and that it still serves.

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** fast-check options of the REST properties (FUZZ_RUNS, FUZZ_SEED). */
export const fcOptions = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true } as const;

/** The callers that have a token. */
export type TokenName = 'admin' | 'supervisor' | 'agent' | 'throwaway' | 'visitor' | 'otherVisitor';

/** The server of a REST fuzz file and the data made before its tests; filled in by `beforeAll`. */
export interface RestFuzz {
  readonly server: E2eServer;
  tokens: Record<TokenName, string>;
  /** Agents that PATCH/DELETE /api/agents/:id may change. */
  victimIds: string[];
  /** The logged-in agents: admin, supervisor, agent, throwaway. */
  protectedIds: string[];
  ticketRefs: string[];
  chatIds: { own: string; other: string };
  emergencyId: string;
  /** Runs per property and status, printed after the file. */
  counter: ReturnType<typeof runCounter>;
}

async function login(server: E2eServer, loginName: string, password: string): Promise<string> {
  const res = await http(`${server.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: loginName, password }),
  });
  if (res.status !== 200) throw new Error(`login ${loginName}: ${res.status}`);
  return (res.json as { token: string }).token;
}

/** Registers the file's `beforeAll` (start and seed the server) and `afterAll` (print the counts, close); `title` heads the counts. */
export function useRestFuzzServer(title: string): RestFuzz {
  let started: E2eServer | undefined;
  const fx: RestFuzz = {
    get server() {
      if (!started) throw new Error('the REST fuzz server is not started yet (beforeAll)');
      return started;
    },
    tokens: { admin: '', supervisor: '', agent: '', throwaway: '', visitor: '', otherVisitor: '' },
    victimIds: [],
    protectedIds: [],
    ticketRefs: [],
    chatIds: { own: '', other: '' },
    emergencyId: '',
    counter: runCounter(),
  };

  beforeAll(async () => {
    const server = await startServer({ policy: permissivePolicy() });
    started = server;
    const admin = await server.createAgent({ login: 'fuzz-admin', name: 'Admin', password: 'admin-password-1', role: 'admin', departments: [...DEPARTMENTS] });
    const sup = await server.createAgent({ login: 'fuzz-super', name: 'Super', password: 'super-password-1', role: 'supervisor', departments: [...DEPARTMENTS] });
    const ag = await server.createAgent({ login: 'fuzz-agent', name: 'Agent', password: 'agent-password-1', departments: ['technical'] });
    const thr = await server.createAgent({ login: 'fuzz-throwaway', name: 'Throwaway', password: 'throwaway-password-1' });
    fx.protectedIds = [admin.id, sup.id, ag.id, thr.id];
    for (let i = 0; i < 3; i++) {
      fx.victimIds.push((await server.createAgent({ login: `victim-${i}`, name: `Victim ${i}`, password: 'victim-password-1' })).id);
    }
    fx.tokens.admin = await login(server, 'fuzz-admin', 'admin-password-1');
    fx.tokens.supervisor = await login(server, 'fuzz-super', 'super-password-1');
    fx.tokens.agent = await login(server, 'fuzz-agent', 'agent-password-1');
    fx.tokens.throwaway = await login(server, 'fuzz-throwaway', 'throwaway-password-1');

    const v = await connectVisitor(server.url);
    const o = await connectVisitor(server.url);
    fx.tokens.visitor = v.token;
    fx.tokens.otherVisitor = o.token;
    const start = (email: string, department: string, subject: string) => ({ name: 'Vera', email, department, subject, message: 'Mon site est down.' });
    const own = await command<{ chat: { id: string } }>(v.socket, 'chat:start', start('vera@example.com', 'technical', 'Site en panne'));
    const other = await command<{ chat: { id: string } }>(o.socket, 'chat:start', start('omar@example.com', 'technical', 'Autre'));
    fx.chatIds = { own: own.chat.id, other: other.chat.id };
    const outage = await command<{ ticket: { ref: string } }>(v.socket, 'ticket:create', start('vera@example.com', 'technical', 'Mon site est en panne'));
    const billing = await command<{ ticket: { ref: string } }>(o.socket, 'ticket:create', { ...start('omar@example.com', 'billing', 'Question de facture'), message: 'Ma facture est fausse.' });
    fx.ticketRefs = [outage.ticket.ref, billing.ticket.ref];
    fx.emergencyId = (await command<{ emergencyId: string }>(v.socket, 'emergency:raise', {
      ticketRef: outage.ticket.ref, testedOtherDevices: true, testedOtherNetworks: true, description: 'Tout est en panne.',
    })).emergencyId;
    v.socket.disconnect();
    o.socket.disconnect();
  });

  afterAll(async () => {
    console.log(fx.counter.summary(title));
    await started?.close();
  });

  return fx;
}

/** Everything a refused request must leave as it was. */
export async function fingerprint({ server }: RestFuzz): Promise<string> {
  const { store } = server;
  const agents = (await store.listAgents()).map((a) => [a.id, a.login, a.name, a.role, a.departments.join('+'), a.maxChats, a.passwordHash].join(':'));
  const { tickets } = await store.listTickets({ limit: 500, offset: 0 });
  const ticketLines = await Promise.all(tickets.map(async (t) =>
    [t.ref, t.status, t.priority, t.assigneeId, t.firstRespondedAt, t.chatIds.join('+'), (await store.listTicketEntries(t.ref)).length].join(':')));
  const emergencies = (await store.listEmergencies({ limit: 1000 })).map((e) => `${e.id}:${e.abuse}:${e.abuseMarkedBy}`);
  return JSON.stringify({ agents, tickets: ticketLines, emergencies });
}

/** The server answers its health check and an admin's ticket list, and Object.prototype is clean. */
export async function stillServing({ server, tokens }: RestFuzz): Promise<void> {
  expect((await http(`${server.url}/healthz`)).status).toBe(200);
  const res = await http(`${server.url}/api/tickets?limit=1`, { headers: { authorization: `Bearer ${tokens.admin}` } });
  expect(res.status).toBe(200);
  expect(pollutionProblem()).toBeNull();
}
