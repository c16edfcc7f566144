import type { ChatView, Message, TicketHistoryEntry, TicketView } from '@besoin/shared';
import { departmentLabel } from './texts';

// Transcripts as plain text and as printable HTML (French). Every user-supplied string in the
// HTML goes through escapeHtml; nothing is ever inserted as markup.

const roleLabels = { visitor: 'visiteur', agent: 'conseiller', system: 'système' } as const;
const priorityLabels = { low: 'basse', normal: 'normale', high: 'haute', critical: 'critique' } as const;
const statusLabels = { open: 'ouvert', pending: 'en attente', resolved: 'résolu', closed: 'fermé' } as const;
const kindLabels: Record<TicketHistoryEntry['kind'], string> = {
  created: 'Demande', transcript: 'Discussion', reply: 'Réponse', escalation: 'Escalade', status: 'Statut',
  priority: 'Priorité', assignee: 'Assignation', merged: 'Demande ajoutée',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Formats instants in the company's time zone, e.g. "26/11/2026 19:30:12". */
export function instantFormatter(timeZone: string) {
  const format = new Intl.DateTimeFormat('fr-FR', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
  return (iso: string) => format.format(new Date(iso));
}

type Format = (iso: string) => string;

function messageLine(m: Message, at: Format): string {
  const note = m.internal ? ' [note interne]' : '';
  return `[${at(m.createdAt)}] ${m.author.name} (${roleLabels[m.author.role]})${note} : ${m.text}`;
}

function entryText(e: TicketHistoryEntry): string {
  if (e.kind === 'status' || e.kind === 'priority' || e.kind === 'assignee') {
    return `${String(e.data?.from ?? '—')} → ${String(e.data?.to ?? '—')}`;
  }
  if (e.kind === 'escalation') return `niveau ${String(e.data?.level ?? '')}, priorité ${String(e.data?.priority ?? '')}`;
  return e.text ?? '';
}

/** A ticket as plain text: header, then its history with every transcript's messages. */
export function ticketTranscriptText(ticket: TicketView, history: TicketHistoryEntry[], timeZone: string, options: { includeInternal: boolean }): string {
  const at = instantFormatter(timeZone);
  const lines = [
    `Ticket ${ticket.ref} — ${ticket.subject}`,
    `Demandeur : ${ticket.requester.name} <${ticket.requester.email}>`,
    `Service : ${departmentLabel(ticket.department)} · Priorité : ${priorityLabels[ticket.priority]} · Statut : ${statusLabels[ticket.status]}`,
    `Créé le ${at(ticket.createdAt)} (heure de ${timeZone})`,
    '',
  ];
  for (const e of history) {
    const who = e.author ? ` — ${e.author.name}` : '';
    lines.push(`== ${kindLabels[e.kind]} · ${at(e.at)}${who}`);
    if (e.kind === 'transcript') {
      for (const m of e.messages ?? []) if (options.includeInternal || !m.internal) lines.push(messageLine(m, at));
    } else {
      const text = entryText(e);
      if (text) lines.push(text);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** A visitor's own chat as plain text (never any internal note). */
export function chatTranscriptText(chat: ChatView, messages: Message[], timeZone: string): string {
  const at = instantFormatter(timeZone);
  const lines = [
    `Discussion — ${chat.subject}`,
    `Service : ${departmentLabel(chat.department)}${chat.ticketRef ? ` · Ticket ${chat.ticketRef}` : ''}`,
    `Commencée le ${at(chat.createdAt)} (heure de ${timeZone})`,
    '',
    ...messages.filter((m) => !m.internal).map((m) => messageLine(m, at)),
  ];
  return lines.join('\n') + '\n';
}

const printableStyle = `body{font:14px/1.5 system-ui,sans-serif;color:#111;max-width:820px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.3rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
section{border-top:1px solid #ccc;margin-top:1rem;padding-top:.5rem}h2{font-size:1rem;margin:.2rem 0}
ol{list-style:none;padding:0}li{margin:.4rem 0}.meta{color:#555;font-size:.85rem}.internal{background:#fff7d6;border-left:3px solid #c9a400;padding-left:.4rem}
.text{white-space:pre-wrap;margin:0}@media print{body{margin:0}}`;

function messageItem(m: Message, at: Format): string {
  const cls = m.internal ? ' class="internal"' : '';
  const note = m.internal ? ' · note interne' : '';
  return `<li${cls}><div class="meta">${escapeHtml(m.author.name)} (${roleLabels[m.author.role]}) · <time datetime="${escapeHtml(m.createdAt)}">${escapeHtml(at(m.createdAt))}</time>${note}</div><p class="text">${escapeHtml(m.text)}</p></li>`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${printableStyle}</style></head><body>${body}</body></html>`;
}

/** A ticket as a printable, escaped HTML page. */
export function ticketTranscriptHtml(ticket: TicketView, history: TicketHistoryEntry[], timeZone: string, options: { includeInternal: boolean }): string {
  const at = instantFormatter(timeZone);
  const header = `<h1>Ticket ${escapeHtml(ticket.ref)} — ${escapeHtml(ticket.subject)}</h1><dl>
<dt>Demandeur</dt><dd>${escapeHtml(ticket.requester.name)} &lt;${escapeHtml(ticket.requester.email)}&gt;</dd>
<dt>Service</dt><dd>${departmentLabel(ticket.department)}</dd><dt>Priorité</dt><dd>${priorityLabels[ticket.priority]}</dd>
<dt>Statut</dt><dd>${statusLabels[ticket.status]}</dd><dt>Créé le</dt><dd>${escapeHtml(at(ticket.createdAt))} (heure de ${escapeHtml(timeZone)})</dd></dl>`;
  const sections = history.map((e) => {
    const who = e.author ? ` — ${escapeHtml(e.author.name)}` : '';
    const head = `<h2>${kindLabels[e.kind]} · ${escapeHtml(at(e.at))}${who}</h2>`;
    if (e.kind === 'transcript') {
      const items = (e.messages ?? []).filter((m) => options.includeInternal || !m.internal).map((m) => messageItem(m, at)).join('');
      return `<section>${head}<ol>${items}</ol></section>`;
    }
    const text = entryText(e);
    return `<section>${head}${text ? `<p class="text">${escapeHtml(text)}</p>` : ''}</section>`;
  });
  return page(`Ticket ${ticket.ref}`, header + sections.join(''));
}

/** A visitor's own chat as a printable, escaped HTML page. */
export function chatTranscriptHtml(chat: ChatView, messages: Message[], timeZone: string): string {
  const at = instantFormatter(timeZone);
  const items = messages.filter((m) => !m.internal).map((m) => messageItem(m, at)).join('');
  const ref = chat.ticketRef ? ` · Ticket ${escapeHtml(chat.ticketRef)}` : '';
  return page(`Discussion — ${chat.subject}`, `<h1>Discussion — ${escapeHtml(chat.subject)}</h1><p class="meta">Service ${departmentLabel(chat.department)}${ref} · commencée le ${escapeHtml(at(chat.createdAt))}</p><ol>${items}</ol>`);
}
