import type { ChatView, Department, Message } from '@besoin/shared';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { dir, getLocale, t } from '../i18n';
import type { Identity } from '../types';
import { Conversation } from './Conversation';
import { withClosure, type DepartmentStates } from './departments';
import { openStateText } from './hours';
import { departmentLabel, errorText } from './notices';
import { PreChatForm, type FormValues } from './PreChatForm';
import type { Session, SessionState } from './session';
import { statusText } from './status';
import { TicketDone } from './TicketDone';

/** Props of {@link Panel}. */
export interface PanelProps {
  session: Session;
  open: boolean;
  identity: Identity;
  onClose: () => void;
}

function useSessionState(session: Session): SessionState {
  const [state, setState] = useState(session.getState());
  useEffect(() => {
    setState(session.getState()); // it may have changed between render and subscribe
    return session.subscribe(() => setState(session.getState()));
  }, [session]);
  return state;
}

/** The ticket form's prefill from a chat: the visitor's own messages become the ticket's message. */
export function ticketDraftFrom(chat: ChatView, messages: readonly Message[]): Partial<FormValues> {
  const text = messages
    .filter((m) => m.author.role === 'visitor')
    .map((m) => m.text)
    .join('\n\n');
  return {
    name: chat.visitor.name,
    email: chat.visitor.email,
    department: chat.department,
    subject: chat.subject,
    message: text.slice(0, 5000),
    urgent: chat.urgent === true,
  };
}

/** The "Assistance" dialog: wires the session to the pre-chat / ticket form, the conversation or the sent ticket. */
export function Panel({ session, open, identity, onClose }: PanelProps) {
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const state = useSessionState(session);
  const [fetched, setFetched] = useState<DepartmentStates | null>(null);
  const [department, setDepartment] = useState<Department>('technical');
  const [offer, setOffer] = useState<Partial<FormValues> | null>(null);
  const { chat, ticket } = state;
  const live = chat?.status === 'queued' || chat?.status === 'active';
  const view = ticket ? 'ticket' : offer && live ? 'offer' : chat ? 'chat' : 'form';

  // Hours and open state, fetched on every open; a failure only means no hours are shown.
  useEffect(() => {
    if (!open) return;
    let current = true;
    session
      .departments()
      .then((states) => current && setFetched(states))
      .catch(() => undefined);
    return () => void (current = false);
  }, [open, session]);

  // Focus the first field (or button) when the dialog opens and whenever the view changes.
  useEffect(() => {
    const body = panel.current?.querySelector('.bd-body');
    if (open) (body?.querySelector<HTMLElement>('input, textarea') ?? body?.querySelector<HTMLElement>('button'))?.focus();
  }, [open, view]);

  const departments = withClosure(fetched, state.error);
  const selected = departments[department];
  const idle =
    selected?.open === false ? t('statusClosed', { department: departmentLabel(department), state: openStateText(selected) }) : '';
  const reset = () => {
    setOffer(null);
    session.reset();
  };
  const form = (extra: { initial?: Partial<FormValues> | null; ticketOnly?: boolean }) => (
    <PreChatForm
      key={view}
      identity={identity}
      busy={state.busy}
      departments={departments}
      initial={extra.initial ?? undefined}
      ticketOnly={extra.ticketOnly}
      onCancel={() => setOffer(null)}
      onDepartment={setDepartment}
      onSubmit={(payload) => void session.start(payload)}
      onTicket={(payload) => void session.createTicket(payload)}
    />
  );

  return (
    <div
      ref={panel}
      class="bd-panel"
      role="dialog"
      aria-labelledby={`${id}-title`}
      hidden={!open}
      dir={dir()}
      lang={getLocale()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div class="bd-header">
        <h2 id={`${id}-title`} class="bd-title">
          {t('dialogTitle')}
        </h2>
        <button type="button" class="bd-close" aria-label={t('close')} onClick={onClose}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
          </svg>
        </button>
      </div>
      <p class="bd-status" role="status">
        {statusText(state.connection, chat, { ticket: ticket && { ref: ticket.ticket.ref, merged: ticket.merged }, idle })}
      </p>
      {state.error ? (
        <p class="bd-error" role="alert">
          {errorText(state.error)}
        </p>
      ) : null}
      <div class="bd-body">
        {ticket ? (
          <TicketDone ticket={ticket.ticket} merged={ticket.merged} departments={departments} onNew={reset} />
        ) : view === 'offer' ? (
          form({ initial: offer, ticketOnly: true })
        ) : chat ? (
          <Conversation
            chat={chat}
            messages={state.messages}
            pending={state.pending}
            agentTyping={state.agentTyping}
            busy={state.busy}
            onSend={(text) => session.send(text)}
            onInput={() => session.input()}
            onEnd={() => void session.end()}
            onNew={reset}
            onOfferTicket={() => setOffer(ticketDraftFrom(chat, state.messages))}
            onDownload={() => panel.current && void session.downloadTranscript(panel.current)}
          />
        ) : (
          form({})
        )}
      </div>
    </div>
  );
}
