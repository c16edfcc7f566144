import { AppError } from '@besoin/shared';
import { Router } from 'express';
import * as z from 'zod/mini';
import { clearSessionCookie, setSessionCookie } from '../auth/sessionCookie';
import type { AgentService } from '../domain/agents';
import { clientIp } from '../security/clientIp';
import type { PolicyLimits } from '../security/policyLimits';
import { allow, currentAgent, sessionToken } from './agentAuth';
import { parseWith } from './errors';

const LoginBody = z.object({
  login: z.string().check(z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(1024)),
});

/** `POST /api/auth/login`, `GET /api/auth/session`, `POST /api/auth/logout` and `POST /api/auth/logout-all`. */
export function authRoutes(agents: AgentService, limits: PolicyLimits, sessionTtlMs: number): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const { login, password } = parseWith(LoginBody, req.body);
    const ip = clientIp(req.ip ?? req.socket.remoteAddress ?? '', undefined);
    // During a lock-out even the right password is refused (DESIGN §6).
    await limits.login.check(ip);
    let session: Awaited<ReturnType<AgentService['login']>>;
    try {
      session = await agents.login(login, password);
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthorized') await limits.login.failed(ip);
      throw error;
    }
    setSessionCookie(req, res, session.token, sessionTtlMs);
    res.json({ token: session.token, agent: await agents.view(session.agent) });
  });
  // The agent of the current session (the dashboard restores a cookie session on page load).
  router.get('/session', allow(agents, 'GET /api/auth/session'), async (_req, res) => {
    res.json({ agent: await agents.view(currentAgent(res)) });
  });
  router.post('/logout', async (req, res) => {
    const token = sessionToken(req);
    if (token) await agents.logout(token);
    clearSessionCookie(req, res);
    res.status(204).end();
  });
  router.post('/logout-all', allow(agents, 'POST /api/auth/logout-all'), async (req, res) => {
    await agents.logoutEverywhere(currentAgent(res).id);
    clearSessionCookie(req, res);
    res.status(204).end();
  });
  return router;
}
