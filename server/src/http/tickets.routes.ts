import { Department, Priority, TicketStatus, type Policy } from '@besoin/shared';
import { Router } from 'express';
import * as z from 'zod/mini';
import type { AgentService } from '../domain/agents';
import type { TicketService } from '../domain/tickets';
import { ticketView } from '../domain/ticketViews';
import { ticketTranscriptHtml, ticketTranscriptText } from '../domain/transcript';
import { allow, currentAgent } from './agentAuth';
import { parseWith } from './errors';

const ListQuery = z.object({
  status: z.optional(TicketStatus),
  priority: z.optional(Priority),
  department: z.optional(Department),
  q: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  offset: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000)), 0),
});
const RefParam = z.object({ ref: z.string().check(z.regex(/^[A-Za-z]{3}-\d{4}-\d{6,}$/, 'expected a ticket reference')) });
const PatchBody = z.object({
  status: z.optional(TicketStatus),
  priority: z.optional(Priority),
  assigneeId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(128)))),
});
const ReplyBody = z.object({ text: z.string().check(z.trim(), z.minLength(1), z.maxLength(20_000)) });
const TranscriptQuery = z.object({ format: z._default(z.enum(['txt', 'html', 'json']), 'txt') });

/** `/api/tickets` (agent auth): list, get with history, patch, replies, transcript. */
export function ticketsRoutes(agents: AgentService, tickets: TicketService, policy: Policy): Router {
  const router = Router();
  router.get('/', allow(agents, 'GET /api/tickets'), async (req, res) => {
    const query = parseWith(ListQuery, req.query);
    const filter = { ...query, q: query.q || undefined };
    res.json(await tickets.list(currentAgent(res), filter));
  });
  router.get('/:ref', allow(agents, 'GET /api/tickets/:ref'), async (req, res) => {
    const ticket = await tickets.visibleTicket(currentAgent(res), parseWith(RefParam, req.params).ref);
    res.json({ ticket: ticketView(ticket), history: await tickets.history(ticket) });
  });
  router.patch('/:ref', allow(agents, 'PATCH /api/tickets/:ref'), async (req, res) => {
    const { ref } = parseWith(RefParam, req.params);
    res.json({ ticket: await tickets.update(currentAgent(res), ref, parseWith(PatchBody, req.body)) });
  });
  router.post('/:ref/replies', allow(agents, 'POST /api/tickets/:ref/replies'), async (req, res) => {
    const { ref } = parseWith(RefParam, req.params);
    res.status(201).json({ reply: await tickets.reply(currentAgent(res), ref, parseWith(ReplyBody, req.body).text) });
  });
  router.get('/:ref/transcript', allow(agents, 'GET /api/tickets/:ref/transcript'), async (req, res) => {
    const ticket = await tickets.visibleTicket(currentAgent(res), parseWith(RefParam, req.params).ref);
    const { format } = parseWith(TranscriptQuery, req.query);
    const view = ticketView(ticket);
    if (format === 'json') {
      res.json({ ticket: view, messages: await tickets.transcriptMessages(ticket, { includeInternal: true }) });
      return;
    }
    const history = await tickets.history(ticket);
    const options = { includeInternal: true };
    res.set('Content-Disposition', `inline; filename="${ticket.ref}.${format}"`);
    if (format === 'html') res.type('text/html; charset=utf-8').send(ticketTranscriptHtml(view, history, policy.timezone, options));
    else res.type('text/plain; charset=utf-8').send(ticketTranscriptText(view, history, policy.timezone, options));
  });
  return router;
}
