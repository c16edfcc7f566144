import { Department, Role } from '@besoin/shared';
import { Router } from 'express';
import * as z from 'zod/mini';
import type { AgentService } from '../domain/agents';
import type { Routing } from '../domain/routing';
import { allow } from './agentAuth';
import { parseWith } from './errors';

const Login = z.string().check(z.trim(), z.regex(/^[a-zA-Z0-9._@-]{2,64}$/, 'letters, digits, . _ @ - (2–64)'));
const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));
const Password = z.string().check(z.minLength(8), z.maxLength(1024));
const MaxChats = z.nullable(z.int().check(z.gte(1), z.lte(100)));
const Departments = z.array(Department).check(z.minLength(1), z.maxLength(3));

const CreateBody = z.object({
  login: Login, name: Name, password: Password, role: Role, departments: Departments,
  maxChats: z.optional(MaxChats),
});
const PatchBody = z.object({
  name: z.optional(Name), password: z.optional(Password), role: z.optional(Role),
  departments: z.optional(Departments), maxChats: z.optional(MaxChats),
});
const IdParam = z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) });

/** `/api/agents`: admins manage the team; supervisors may list it. */
export function agentsRoutes(agents: AgentService, routing: Routing): Router {
  const router = Router();
  router.get('/', allow(agents, 'GET /api/agents'), async (_req, res) => {
    const list = await agents.list();
    res.json({ agents: await Promise.all(list.map((a) => agents.view(a))) });
  });
  router.post('/', allow(agents, 'POST /api/agents'), async (req, res) => {
    const created = await agents.create(parseWith(CreateBody, req.body));
    res.status(201).json({ agent: await agents.view(created) });
  });
  router.patch('/:id', allow(agents, 'PATCH /api/agents/:id'), async (req, res) => {
    const { id } = parseWith(IdParam, req.params);
    const updated = await agents.update(id, parseWith(PatchBody, req.body));
    res.json({ agent: await agents.view(updated) });
    // More capacity or new departments may let waiting chats in.
    void routing.drainFor(updated);
  });
  router.delete('/:id', allow(agents, 'DELETE /api/agents/:id'), async (req, res) => {
    await agents.remove(parseWith(IdParam, req.params).id);
    res.status(204).end();
  });
  return router;
}
