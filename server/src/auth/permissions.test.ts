import { ROLES, type Role } from '@besoin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../test/support';
import { AGENT_EVENT_ROLES, ROUTE_ROLES } from './permissions';

// Walks the whole permission table: every agent REST route and every /agent event, for every
// role. A role the table allows is never answered forbidden; any other role always is.

let server: TestServer;
const tokens = {} as Record<Role, string>;
const sockets = {} as Record<Role, Awaited<ReturnType<TestServer['agent']>>['socket']>;

/** Logs the role's account in again (a fresh token and socket). */
async function signIn(role: Role): Promise<void> {
  const session = await server.agent(`as-${role}`);
  tokens[role] = session.token;
  sockets[role] = session.socket;
}

/** Routes that end every session of the caller: each role signs in again after calling one. */
const SESSION_ENDING = new Set<string>(['POST /api/auth/logout-all']);

beforeAll(async () => {
  server = await startTestServer();
  for (const role of ROLES) {
    await server.createAgent({ login: `as-${role}`, role });
    await signIn(role);
  }
});
afterAll(async () => {
  await server.close();
});

const samplePath = (route: string) => route.split(' ')[1]!.replace(':id', 'no-such-id').replace(':ref', 'TCK-2026-999999');

const samplePayloads: Record<keyof typeof AGENT_EVENT_ROLES, unknown> = {
  'agent:status': { status: 'away' },
  'message:send': { chatId: 'no-such-chat', clientMessageId: 'c1', text: 'x' },
  'chat:sync': { chatId: 'no-such-chat', afterSeq: 0 },
  'typing:set': { chatId: 'no-such-chat', typing: true },
  'chat:read': { chatId: 'no-such-chat', seq: 1 },
  'chat:pick': { chatId: 'no-such-chat' },
  'chat:transfer': { chatId: 'no-such-chat', toDepartment: 'billing' },
  'chat:close': { chatId: 'no-such-chat' },
  'chat:convert': { chatId: 'no-such-chat' },
  'chat:join': { chatId: 'no-such-chat' },
};

describe('permission table', () => {
  for (const [route, allowed] of Object.entries(ROUTE_ROLES)) {
    it(`${route}: ${allowed.join(', ')}`, async () => {
      const method = route.split(' ')[0]!;
      for (const role of ROLES) {
        const res = await fetch(`${server.url}${samplePath(route)}`, {
          method,
          headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
        });
        expect(res.status === 403, `${role} on ${route} (status ${res.status})`).toBe(!(allowed as readonly Role[]).includes(role));
        expect(res.status).not.toBe(401);
        if (SESSION_ENDING.has(route)) await signIn(role);
      }
      const anonymous = await fetch(`${server.url}${samplePath(route)}`, { method });
      expect(anonymous.status).toBe(401);
    });
  }

  for (const [event, allowed] of Object.entries(AGENT_EVENT_ROLES)) {
    it(`/agent ${event}: ${allowed.join(', ')}`, async () => {
      for (const role of ROLES) {
        const ack = await call(sockets[role], event, samplePayloads[event as keyof typeof AGENT_EVENT_ROLES]);
        const forbidden = !ack.ok && ack.error.code === 'forbidden';
        expect(forbidden, `${role} sending ${event}: ${JSON.stringify(ack)}`).toBe(!allowed.includes(role));
      }
    });
  }
});
