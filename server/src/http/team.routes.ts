import { Router } from 'express';
import type { AgentService } from '../domain/agents';
import type { Routing } from '../domain/routing';
import { visibleDepartments } from '../realtime/agent.handlers';
import { currentAgent, requireRole } from './agentAuth';

const everyone = ['agent', 'supervisor', 'admin'] as const;

/** `GET /api/team` (every agent, for transfers) and `GET /api/queues` (the queues the agent may see). */
export function teamRoutes(agents: AgentService, routing: Routing): Router {
  const router = Router();
  router.get('/team', requireRole(agents, everyone), async (_req, res) => {
    const list = await agents.list();
    res.json({ agents: await Promise.all(list.map((a) => agents.view(a))) });
  });
  router.get('/queues', requireRole(agents, everyone), async (_req, res) => {
    const departments = visibleDepartments(currentAgent(res));
    res.json({ queues: await Promise.all(departments.map((d) => routing.snapshot(d))) });
  });
  return router;
}
