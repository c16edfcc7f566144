import { type AgentServerToClientEvents, PROTOCOL_VERSION, agentBroadcasts } from '@besoin/shared';
import { io } from 'socket.io-client';
import { createDeskData } from '../api/deskData';
import type { ApiClient, HttpErrorCode } from '../api/http';
import { createSupervisionData } from '../api/supervisionData';
import { type TeamActions, createTeamActions } from '../api/teamActions';
import { type TicketActions, createTicketActions } from '../api/ticketActions';
import { errorText as describeError } from '../i18n/errors';
import { type DeskStore, createDeskStore } from '../state/deskReducer';
import { loadAlarmSound, saveAlarmSound } from '../session/alarmPrefs';
import { type OutboxStorage, createOutboxStorage } from '../session/outboxStorage';
import { type DeskView, type PendingMessage, canSupervise, initialDeskState, isEnded, lastKnownSeq, syncAfterSeq } from '../state/deskState';
import { type ChatCommands, createChatCommands } from './chatActions';
import { type AgentSocket, type CommandErrorCode, sendCommand } from './commands';
import { newClientMessageId } from './clientMessageId';
import { createConnectionIndicator } from './connectionIndicator';
import { createOutbox } from './outbox';
import { createTypingNotifier } from './typingNotifier';

/** What the views may ask of the desk; the controller talks to the server. */
export interface DeskActions extends ChatCommands, TicketActions, TeamActions, SupervisionActions {
  select(chatId: string | null): void;
  dismiss(chatId: string): void;
  /** Queues a message (an internal note when `internal`) in the outbox and sends it. */
  send(chatId: string, text: string, internal?: boolean): void;
  close(chatId: string): void;
  setStatus(status: 'online' | 'away'): void;
  /** The agent typed in the composer of `chatId`. */
  inputActivity(chatId: string): void;
  dismissError(): void;
  dismissNotice(): void;
  /** Switches between "Discussions" and "Tickets". */
  navigate(view: DeskView): void;
  /** Refreshes the team (for the transfer dialog). */
  loadTeam(): void;
}

/** What the "Supervision" view and the alarms may ask for (supervisors and admins). */
export interface SupervisionActions {
  /** Reloads agents, active chats, SLA lists and emergencies (reporting a failure). */
  refreshSupervision(): void;
  /** "Marquer comme abus"; resolves true when stored. */
  markAbuse(emergencyId: string): Promise<boolean>;
  /** "J'ai vu": dismisses an alarm on this screen only. */
  acknowledgeAlarm(emergencyId: string): void;
  /** "Son des alertes" (remembered on this browser). */
  setAlarmSound(on: boolean): void;
}

/** A live connection of the desk to `/agent`. */
export interface AgentController extends DeskActions {
  store: DeskStore;
  stop(): void;
}

export interface AgentControllerOptions {
  /** The session is over (refused handshake, server disconnect, 401): the caller shows the login page. */
  onUnauthorized(): void;
  /** For tests: the fetch used by the REST calls. */
  fetchImpl?: typeof fetch;
  /** For tests: where the outbox persists (default `localStorage`). */
  storage?: () => Storage;
}

const RETRY_DELAY_MS = 1000;
const REFUSED_RECONNECT_MS = 5000;
// The supervision view also refreshes on a timer: "at risk" depends on the clock, and some
// changes (a chat closed by its agent) reach supervisors by no event.
const SUPERVISION_REFRESH_MS = 20_000;

/** French text for an error code. */
export function errorText(code: CommandErrorCode): string {
  return describeError(code);
}

const COMMAND_ERRORS = {
  'chat:pick': { conflict: 'error.pickConflict' },
  'chat:transfer': { conflict: 'error.transferConflict' },
  'chat:convert': {},
  'chat:join': { forbidden: 'error.joinForbidden' },
  takeOver: { conflict: 'error.takeOverConflict' },
} as const;

/** Connects to `/agent` and keeps the desk store in step with the server. */
export function createAgentController(options: AgentControllerOptions): AgentController {
  const store = createDeskStore({ ...initialDeskState, alarmSound: loadAlarmSound() });
  const { dispatch } = store;
  const socket: AgentSocket = io('/agent', {
    // No token: the handshake authenticates with the HttpOnly session cookie (same origin).
    auth: { protocol: PROTOCOL_VERSION },
    withCredentials: true,
    transports: ['websocket', 'polling'],
  });
  // Ready = session:ready received on the current connection; commands wait for it.
  let ready = false;
  let stopped = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const readSent = new Map<string, number>();

  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) fn();
    }, ms);
    timers.add(timer);
  };
  const showError = (code: CommandErrorCode) => dispatch({ type: 'error', message: errorText(code) });

  const typing = createTypingNotifier((chatId, value) => {
    if (!ready) return;
    sendCommand(socket, 'typing:set', { chatId, typing: value }).catch(() => undefined);
  });

  // "Connexion perdue" only shows for drops longer than a second.
  const connection = createConnectionIndicator({ setConnection: (state) => dispatch({ type: 'connection', state }) });

  // The outbox persists per agent, so it is known from session:ready on (no chat exists before).
  let persisted: { agentId: string; storage: OutboxStorage } | undefined;
  const persistence = (): OutboxStorage | null => {
    const agentId = store.getState().agent?.id;
    if (!agentId) return null;
    if (persisted?.agentId !== agentId) {
      persisted = { agentId, storage: createOutboxStorage(agentId, options.storage ? { storage: options.storage } : {}) };
    }
    return persisted.storage;
  };
  const outbox = createOutbox({
    socket,
    store,
    isReady: () => ready && !stopped,
    later,
    onError: showError,
    retryDelayMs: RETRY_DELAY_MS,
    persistence,
  });
  const client: ApiClient = options.fetchImpl ? { fetchImpl: options.fetchImpl } : {};
  /** The session is over: stop everything once and hand over to the login page. */
  const sessionOver = () => {
    if (stopped) return;
    stop();
    options.onUnauthorized();
  };
  const onHttpError = (code: HttpErrorCode, context?: 'ticket' | 'list') => {
    if (stopped) return;
    if (code === 'unauthorized') {
      sessionOver();
      return;
    }
    // A missing list or team is a server problem, not a missing chat.
    dispatch({ type: 'error', message: describeError(code, { not_found: context === 'ticket' ? 'error.ticketNotFound' : 'error.http' }) });
  };
  const data = createDeskData({ client, dispatch, onError: (code) => onHttpError(code) });
  const tickets = createTicketActions({ client, store, onError: onHttpError });
  const team = createTeamActions({ client, store, onError: (code) => onHttpError(code) });
  const supervision = createSupervisionData({ client, dispatch, onError: (code) => onHttpError(code) });
  const supervising = () => store.getState().view === 'supervision';
  const chatCommands = createChatCommands({
    socket,
    dispatch,
    onError: (code, command) => dispatch({ type: 'error', message: describeError(code, COMMAND_ERRORS[command]) }),
    onQueueChanged: () => data.refreshQueues(),
    onPicked: (chatId) => syncChat(chatId),
    selfId: () => store.getState().agent?.id,
  });

  // The supervision view loads itself when shown; it is refreshed on a timer while it stays shown.
  let shownView: DeskView = store.getState().view;
  let supervisionTimer: ReturnType<typeof setInterval> | undefined;
  store.subscribe(() => {
    const { view } = store.getState();
    if (view === shownView) return;
    shownView = view;
    clearInterval(supervisionTimer);
    supervisionTimer = undefined;
    if (view !== 'supervision' || stopped) return;
    supervisionTimer = setInterval(() => supervision.refresh(), SUPERVISION_REFRESH_MS);
  });

  /** Re-joins the chats a supervisor observes (a new socket is in no chat room yet). */
  function rejoinObserved(chatId: string): void {
    void sendCommand(socket, 'chat:join', { chatId }).then((res) => {
      if (res.ok) {
        dispatch({ type: 'chat:synced', chat: res.data.chat, messages: res.data.messages });
        outbox.restore(chatId);
      } else if (res.error.code === 'not_found' || res.error.code === 'forbidden') dispatch({ type: 'chat:removed', chatId });
    });
  }

  /** Fetches what the chat missed; once synced, its stored outbox items (a reload) are restored and resent. */
  function syncChat(chatId: string): void {
    const entry = store.getState().chats[chatId];
    if (!entry) return;
    void sendCommand(socket, 'chat:sync', { chatId, afterSeq: syncAfterSeq(entry) }).then((res) => {
      if (res.ok) {
        dispatch({ type: 'chat:synced', chat: res.data.chat, messages: res.data.messages });
        outbox.restore(chatId);
      } else if (res.error.code === 'not_found') dispatch({ type: 'chat:removed', chatId });
    });
  }

  /** Tells the server what the agent has read in the open chat (errors ignored). */
  function markRead(): void {
    if (!ready) return;
    const { selectedChatId, chats } = store.getState();
    const entry = selectedChatId ? chats[selectedChatId] : undefined;
    if (!entry || !selectedChatId) return;
    const seq = lastKnownSeq(entry);
    if (seq === 0 || (readSent.get(selectedChatId) ?? 0) >= seq) return;
    readSent.set(selectedChatId, seq);
    void sendCommand(socket, 'chat:read', { chatId: selectedChatId, seq });
  }
  store.subscribe(markRead);

  /** Registers a broadcast handler whose payload is validated with the shared schema first. */
  function on<K extends keyof typeof agentBroadcasts>(
    event: K,
    handler: (payload: Parameters<AgentServerToClientEvents[K]>[0]) => void,
  ): void {
    const schema = agentBroadcasts[event];
    const listener = (raw: unknown) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        console.warn(`[besoin-daide] ignored an invalid ${event}`, parsed.error.issues);
        return;
      }
      handler(parsed.data as Parameters<AgentServerToClientEvents[K]>[0]);
    };
    (socket.on as (ev: string, fn: (raw: unknown) => void) => void).call(socket, event, listener);
  }

  on('session:ready', ({ agent, chats, queues }) => {
    ready = true;
    connection.restored();
    readSent.clear();
    dispatch({ type: 'session:ready', agent, chats, queues });
    const state = store.getState();
    for (const chatId of state.order) {
      const entry = state.chats[chatId];
      if (entry?.observing && !isEnded(entry.chat)) rejoinObserved(chatId);
      else syncChat(chatId);
    }
    if (supervising()) supervision.refresh();
    outbox.flush();
    markRead();
    data.refreshQueues();
  });
  on('chat:assigned', ({ chat, messages }) => {
    dispatch({ type: 'chat:assigned', chat, messages });
    // The messages given may stop short of what exists; sync tops them up.
    syncChat(chat.id);
  });
  on('chat:updated', ({ chat }) => dispatch({ type: 'chat:updated', chat }));
  on('message:created', ({ message }) => dispatch({ type: 'message:created', message }));
  on('typing:changed', ({ chatId, typing: value, role }) => dispatch({ type: 'typing:changed', chatId, typing: value, role }));
  on('agent:updated', ({ agent }) => {
    dispatch({ type: 'agent:updated', agent });
    if (supervising()) supervision.refresh();
  });
  on('queue:updated', (queue) => {
    dispatch({ type: 'queue:updated', queue, at: Date.now() });
    data.refreshQueues();
    // A queue moves when a chat starts or is routed: the active chats and loads change with it.
    if (supervising()) supervision.refresh();
  });
  on('chat:long', ({ chatId, minutes, messages }) => dispatch({ type: 'chat:long', chatId, minutes, messages }));
  on('ticket:created', ({ ticket }) => dispatch({ type: 'ticket:created', ticket }));
  on('ticket:updated', ({ ticket }) => dispatch({ type: 'ticket:updated', ticket }));
  on('sla:breached', ({ ticket }) => {
    dispatch({ type: 'sla:breached', ticket });
    if (supervising()) supervision.refresh();
  });
  on('emergency:raised', ({ ticket, emergencyId }) => {
    dispatch({ type: 'emergency:raised', ticket, emergencyId });
    if (supervising()) supervision.refresh();
  });

  // No 'connect' handler on purpose: socket.io delivers the buffered session:ready before
  // 'connect', so the connection counts as online from session:ready on.
  socket.on('disconnect', (reason) => {
    ready = false;
    typing.reset();
    // The server closed us on purpose (logout, logout everywhere, revoked session): the session is over.
    if (reason === 'io server disconnect') {
      sessionOver();
      return;
    }
    connection.lost();
  });
  socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    const code = err.data?.code;
    if (code === 'unauthorized') {
      sessionOver();
      return;
    }
    if (code === 'incompatible_protocol') {
      connection.failed();
      showError('incompatible_protocol');
      return;
    }
    connection.lost();
    // A refusal by the server (not a transport error) is not retried by socket.io itself.
    if (!socket.active) later(() => socket.connect(), REFUSED_RECONNECT_MS);
  });

  function stop(): void {
    if (stopped) return;
    stopped = true;
    typing.reset();
    connection.stop();
    data.stop();
    supervision.stop();
    clearInterval(supervisionTimer);
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    socket.removeAllListeners();
    socket.disconnect();
  }

  return {
    ...chatCommands,
    async join(chatId) {
      const joined = await chatCommands.join(chatId);
      // Notes written while observing it before a reload are restored now that it is shown again.
      if (joined) outbox.restore(chatId);
      return joined;
    },
    ...tickets,
    ...team,
    store,
    stop,
    select(chatId) {
      const previous = store.getState().selectedChatId;
      if (previous && previous !== chatId) typing.stop(previous);
      dispatch({ type: 'chat:selected', chatId });
    },
    dismiss(chatId) {
      dispatch({ type: 'chat:dismissed', chatId });
    },
    send(chatId, text, internal = false) {
      const trimmed = text.trim();
      if (!trimmed) return;
      typing.stop(chatId);
      const pending: PendingMessage = {
        chatId,
        clientMessageId: newClientMessageId(),
        text: trimmed,
        createdAt: new Date().toISOString(),
        ...(internal ? { internal: true } : {}),
      };
      outbox.enqueue(pending);
    },
    close(chatId) {
      typing.stop(chatId);
      void sendCommand(socket, 'chat:close', { chatId }).then((res) => {
        if (res.ok) dispatch({ type: 'chat:updated', chat: res.data.chat });
        else showError(res.error.code);
      });
    },
    setStatus(status) {
      void sendCommand(socket, 'agent:status', { status }).then((res) => {
        if (res.ok) dispatch({ type: 'agent:updated', agent: res.data.agent });
        else showError(res.error.code);
      });
    },
    inputActivity(chatId) {
      typing.activity(chatId);
    },
    dismissError() {
      dispatch({ type: 'error', message: null });
    },
    dismissNotice() {
      dispatch({ type: 'notice', message: null });
    },
    navigate(view) {
      dispatch({ type: 'view:changed', view });
    },
    loadTeam() {
      void data.loadTeam();
    },
    refreshSupervision() {
      if (canSupervise(store.getState().agent)) supervision.refresh(true);
    },
    markAbuse: (emergencyId) => supervision.markAbuse(emergencyId),
    acknowledgeAlarm(emergencyId) {
      dispatch({ type: 'alarm:acknowledged', emergencyId });
    },
    setAlarmSound(on) {
      saveAlarmSound(on);
      dispatch({ type: 'alarmSound:changed', on });
    },
  };
}
