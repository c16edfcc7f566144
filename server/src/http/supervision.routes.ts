import { Router } from 'express';
import * as z from 'zod/mini';
import type { AgentService } from '../domain/agents';
import type { EmergencyService } from '../domain/emergencies';
import type { Routing } from '../domain/routing';
import type { Store } from '../store/store';
import { allow, currentAgent } from './agentAuth';
import { parseWith } from './errors';

const ChatsQuery = z.object({ status: z._default(z.literal('active'), 'active') });
const EmergencyParam = z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) });
const EmergencyPatch = z.object({ abuse: z.literal(true) });

/** Supervisor views: every active chat, the emergencies (with abuse marking). */
export function supervisionRoutes(agents: AgentService, routing: Routing, emergencies: EmergencyService, store: Store): Router {
  const router = Router();
  router.get('/chats', allow(agents, 'GET /api/chats'), async (req, res) => {
    parseWith(ChatsQuery, req.query);
    const chats = await store.listActiveChats();
    res.json({ chats: await Promise.all(chats.map((c) => routing.view(c))) });
  });
  router.get('/emergencies', allow(agents, 'GET /api/emergencies'), async (_req, res) => {
    res.json({ emergencies: await emergencies.list() });
  });
  router.patch('/emergencies/:id', allow(agents, 'PATCH /api/emergencies/:id'), async (req, res) => {
    const { id } = parseWith(EmergencyParam, req.params);
    parseWith(EmergencyPatch, req.body);
    res.json({ emergency: await emergencies.markAbuse(id, currentAgent(res).name) });
  });
  return router;
}
