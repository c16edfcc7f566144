import type { ChatView, Department, Message } from '@besoin/shared';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { dir, getLocale, t } from '../i18n';
import type { Identity } from '../types';
import { BillingHelp } from './BillingHelp';
import { Conversation } from './Conversation';
import { withClosure, type DepartmentStates } from './departments';
import { HelpActions } from './HelpActions';
import { openStateText } from './hours';
import { focusFirst, Lazy } from './lazy';
import { departmentLabel, errorText } from './notices';
import { PhoneSection } from './PhoneSection';
import { PreChatForm, type FormValues } from './PreChatForm';
import type { Session, SessionState } from './session';
import { statusText } from './status';
import type { PublicConfig, VisitorTicket } from './visitorData';

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

/** Runs `load` whenever `active` becomes true (or `deps` change while it is) and hands its result to `use`, unless outdated. */
function useOnOpen<T>(active: boolean, load: () => Promise<T>, use: (value: T) => void, deps: unknown[]): void {
  useEffect(() => {
    if (!active) return;
    let current = true;
    load()
      .then((value) => current && use(value))
      .catch(() => undefined);
    return () => void (current = false);
  }, [active, ...deps]);
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
  const [config, setConfig] = useState<PublicConfig | null>(null);
  const [tickets, setTickets] = useState<VisitorTicket[]>([]);
  // A screen of widget-extra.js, and what it last said in the status region.
  const [screen, setScreen] = useState<'supervisor' | 'emergency' | null>(null);
  const [notice, setNotice] = useState('');
  const { chat, ticket } = state;
  const live = chat?.status === 'queued' || chat?.status === 'active';
  const view = screen ?? (ticket ? 'ticket' : offer && live ? 'offer' : chat ? 'chat' : 'form');
  const newTicketRef = ticket?.ticket.ref ?? (chat?.status === 'converted' ? chat.ticketRef : undefined);

  // Hours and open state, fetched on every open; a failure only means no hours are shown.
  useOnOpen(open, () => session.departments(), setFetched, [session]);
  // Phone number and customer area (once); a failure only hides them.
  useOnOpen(open && !config, () => session.publicConfig(), setConfig, [session]);
  // The visitor's tickets (emergency offer, phone rule): on open and after a ticket is created or a chat converted.
  useOnOpen(open, () => session.visitorTickets(), (list) => list && setTickets(list), [session, newTicketRef]);

  // Focus the first field (or button) when the dialog opens and whenever the view changes.
  useEffect(() => {
    if (open) focusFirst(panel.current?.querySelector('.bd-body'));
  }, [open, view]);

  const departments = withClosure(fetched, state.error);
  const selected = departments[department];
  const idle =
    selected?.open === false ? t('statusClosed', { department: departmentLabel(department), state: openStateText(selected) }) : '';
  const reset = () => {
    setOffer(null);
    session.reset();
  };
  const back = () => {
    setScreen(null);
    setNotice('');
  };
  const help = (
    <HelpActions tickets={tickets} onSupervisor={() => setScreen('supervisor')} onEmergency={() => setScreen('emergency')} />
  );
  const phone = config ? <PhoneSection phone={config.phone} hours={config.firstResponseHours} tickets={tickets} /> : null;
  const customerAreaUrl = config?.customerAreaUrl;
  const form = (extra: { initial?: Partial<FormValues> | null; ticketOnly?: boolean }) => (
    <PreChatForm
      key={view}
      identity={identity}
      busy={state.busy}
      departments={departments}
      initial={extra.initial ?? undefined}
      ticketOnly={extra.ticketOnly}
      customerAreaUrl={customerAreaUrl}
      onCancel={() => setOffer(null)}
      onDepartment={setDepartment}
      onSubmit={(payload) => void session.start(payload)}
      onTicket={(payload) => void session.createTicket(payload)}
    >
      {extra.ticketOnly ? null : (
        <>
          {help}
          {phone}
        </>
      )}
    </PreChatForm>
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
        {notice || statusText(state.connection, chat, { ticket: ticket && { ref: ticket.ticket.ref, merged: ticket.merged }, idle })}
      </p>
      {state.error ? (
        <p class="bd-error" role="alert">
          {errorText(state.error)}
        </p>
      ) : null}
      <div class="bd-body">
        {screen || ticket ? (
          <Lazy
            onBack={screen ? back : reset}
            render={({ Screen }) => (
              <Screen
                kind={screen ?? 'ticket'}
                session={session}
                chat={chat}
                sent={ticket}
                identity={identity}
                tickets={tickets}
                departments={departments}
                onBack={back}
                onNew={reset}
                onNotice={setNotice}
                onTicket={(complaint) => setTickets((list) => [complaint, ...list])}
              >
                {ticket?.ticket.department === 'billing' ? <BillingHelp url={customerAreaUrl} /> : null}
                {help}
                {phone}
              </Screen>
            )}
          />
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
            customerAreaUrl={customerAreaUrl}
          >
            {help}
          </Conversation>
        ) : (
          form({})
        )}
      </div>
    </div>
  );
}
