import { Router } from 'express';
import * as z from 'zod/mini';
import type { AgentService } from '../domain/agents';
import { bearerToken } from './agentAuth';
import { parseWith } from './errors';

const LoginBody = z.object({
  login: z.string().check(z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(1024)),
});

/** `POST /api/auth/login` and `POST /api/auth/logout`. */
export function authRoutes(agents: AgentService): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const { login, password } = parseWith(LoginBody, req.body);
    const session = await agents.login(login, password);
    res.json({ token: session.token, agent: await agents.view(session.agent) });
  });
  router.post('/logout', async (req, res) => {
    const token = bearerToken(req);
    if (token) await agents.logout(token);
    res.status(204).end();
  });
  return router;
}
