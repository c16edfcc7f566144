import { Router } from 'express';
import type { AgentService } from '../domain/agents';
import type { Routing } from '../domain/routing';
import { visibleDepartments } from '../realtime/agent.handlers';
import { allow, currentAgent } from './agentAuth';

/** `GET /api/team` (every agent, for transfers) and `GET /api/queues` (the queues the agent may see). */
export function teamRoutes(agents: AgentService, routing: Routing): Router {
  const router = Router();
  router.get('/team', allow(agents, 'GET /api/team'), async (_req, res) => {
    const list = await agents.list();
    res.json({ agents: await Promise.all(list.map((a) => agents.view(a))) });
  });
  router.get('/queues', allow(agents, 'GET /api/queues'), async (_req, res) => {
    const departments = visibleDepartments(currentAgent(res));
    res.json({ queues: await Promise.all(departments.map((d) => routing.snapshot(d))) });
  });
  return router;
}
