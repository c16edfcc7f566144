import { errors, type Policy } from '@besoin/shared';
import { Router } from 'express';
import * as z from 'zod/mini';
import { hashToken } from '../auth/tokens';
import type { ChatService } from '../domain/chats';
import { ticketView } from '../domain/ticketViews';
import { chatTranscriptHtml, chatTranscriptText } from '../domain/transcript';
import type { Store } from '../store/store';
import { bearerToken } from './agentAuth';
import { parseWith } from './errors';

const ChatParam = z.object({ chatId: z.string().check(z.minLength(1), z.maxLength(128)) });
const TranscriptQuery = z.object({ format: z._default(z.enum(['txt', 'html']), 'txt') });

/**
 * `/api/visitor`: the visitor's own copy of a chat transcript, with `Authorization: Bearer
 * <visitorToken>`. Called from the widget on the customer's site, so it answers CORS
 * (the token, not a cookie, is the credential).
 */
export function visitorRoutes(store: Store, chats: ChatService, policy: Policy): Router {
  const router = Router();
  router.use((req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Access-Control-Allow-Headers', 'Authorization');
    res.set('Access-Control-Allow-Methods', 'GET');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  });
  async function visitorOf(req: Parameters<typeof bearerToken>[0]) {
    const token = bearerToken(req);
    const visitor = token ? await store.getVisitorByTokenHash(hashToken(token)) : null;
    if (!visitor) throw errors.unauthorized();
    return visitor;
  }
  // The visitor's own tickets (created by them, or their chat converted or merged into them).
  router.get('/tickets', async (req, res) => {
    const visitor = await visitorOf(req);
    const { tickets } = await store.listTickets({ visitorId: visitor.id, limit: 50, offset: 0 });
    res.set('Cache-Control', 'no-store').json({ tickets: tickets.map(ticketView) });
  });
  router.get('/chats/:chatId/transcript', async (req, res) => {
    const visitor = await visitorOf(req);
    const { chatId } = parseWith(ChatParam, req.params);
    const { format } = parseWith(TranscriptQuery, req.query);
    const { chat, messages } = await chats.sync({ kind: 'visitor', visitor }, chatId, 0);
    res.set('Content-Disposition', `attachment; filename="transcription-${chat.ticketRef ?? chat.id}.${format}"`);
    if (format === 'html') res.type('text/html; charset=utf-8').send(chatTranscriptHtml(chat, messages, policy.timezone));
    else res.type('text/plain; charset=utf-8').send(chatTranscriptText(chat, messages, policy.timezone));
  });
  return router;
}
