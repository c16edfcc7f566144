import type { Socket } from 'socket.io-client';
import type {
  AckError,
  ChatView,
  Message,
  ChatStartPayload,
  TicketCreatePayload,
  TicketView,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@besoin/shared';
import type { WidgetEvent } from '../types';
import type { DepartmentStates } from './departments';
import type { SessionError } from './notices';
import type { Connection } from './status';
import type { PublicConfig, VisitorTicket } from './visitorData';

// The types of the visitor's session (session.ts) and of the modules it is made of. Type-only.

/** A message typed by the visitor and not acknowledged yet. */
export interface PendingMessage {
  clientMessageId: string;
  text: string;
  createdAt: string;
  /** Refused for good (e.g. invalid); it will not be resent. */
  failed: boolean;
}

/** Everything the views need to render. */
export interface SessionState {
  connection: Connection;
  chat: ChatView | null;
  /** Acknowledged messages, unique and ordered by seq. */
  messages: readonly Message[];
  pending: readonly PendingMessage[];
  agentTyping: boolean;
  busy: boolean;
  error: SessionError | null;
  /** The ticket the visitor sent with the ticket form (`merged`: added to their open ticket). */
  ticket: { ticket: TicketView; merged: boolean } | null;
}

/** Applies a change to the session's state and tells the listeners. */
export type SetState = (patch: Partial<SessionState>) => void;

/** The controller the app drives. */
export interface Session {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  start(payload: ChatStartPayload): Promise<void>;
  /** ticket:create; a live chat (the "no agent available" offer) is then ended with chat:end. */
  createTicket(payload: TicketCreatePayload): Promise<void>;
  /** The departments' hours and open state; `null` when they cannot be fetched. */
  departments(): Promise<DepartmentStates | null>;
  /** `GET /api/public/config`; `null` when it cannot be fetched (no phone, no customer area link). */
  publicConfig(): Promise<PublicConfig | null>;
  /** The visitor's own tickets (`GET /api/visitor/tickets`, after `session:ready`); `null` on failure. */
  visitorTickets(): Promise<VisitorTicket[] | null>;
  /** `supervisor:request` or `emergency:raise`: the ack (or a timeout), for the screen that sent it. */
  command<K extends ScreenCommand>(name: K, payload: PayloadOf<K>): Promise<Outcome<K>>;
  /** Saves the transcript of the current (finished) chat; `parent` hosts the temporary link. */
  downloadTranscript(parent: Node & ParentNode): Promise<void>;
  send(text: string): void;
  /** Call on every composer input; typing:set is throttled and stopped when idle. */
  input(): void;
  end(): Promise<void>;
  /** Leaves an ended chat or a sent ticket for a new pre-chat form. */
  reset(): void;
  close(): void;
}

/** Options of `createSession`. */
export interface SessionOptions {
  server: string;
  locale: () => string;
  emit?: (event: WidgetEvent, detail?: unknown) => void;
}

type Commands = VisitorClientToServerEvents;
/** The name of a `/visitor` command. */
export type Command = keyof Commands;
/** The socket to `/visitor`. */
export type VisitorSocket = Socket<VisitorServerToClientEvents, Commands>;
/** The payload of a `/visitor` command. */
export type PayloadOf<K extends Command> = Parameters<Commands[K]>[0];
type AckOf<K extends Command> = Parameters<Parameters<Commands[K]>[1]>[0];
/** What a command resolves to when no ack arrived in time. */
type Timeout = { ok: false; error: { code: 'timeout'; message: string } };
/** The commands sent by the lazily loaded screens. */
export type ScreenCommand = 'supervisor:request' | 'emergency:raise';
/** The ack of a command, or a timeout when none arrived in time. */
export type Outcome<K extends Command> = AckOf<K> | Timeout;
/** Emits a command and resolves to its {@link Outcome}; never rejects. */
export type SendCommand = <K extends Command>(name: K, payload: PayloadOf<K>) => Promise<Outcome<K>>;
/** Shows a refused or unanswered command to the visitor (and ends `busy`). */
export type Fail = (error: AckError | Timeout['error'], extra?: Partial<SessionError>) => void;
