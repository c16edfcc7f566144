import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { dir, getLocale, t } from '../i18n';
import type { Identity } from '../types';
import { Conversation } from './Conversation';
import { errorText } from './notices';
import { PreChatForm } from './PreChatForm';
import type { Session, SessionState } from './session';
import { statusText } from './status';

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

/** The "Assistance" dialog: wires the session to the pre-chat form or the conversation. */
export function Panel({ session, open, identity, onClose }: PanelProps) {
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const state = useSessionState(session);
  const hasChat = state.chat !== null;

  // Focus the first field when the dialog opens, and when it switches between form and chat.
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('.bd-body input, .bd-body textarea')?.focus();
  }, [open, hasChat]);

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
        {statusText(state.connection, state.chat)}
      </p>
      {state.error ? (
        <p class="bd-error" role="alert">
          {errorText(state.error)}
        </p>
      ) : null}
      <div class="bd-body">
        {state.chat ? (
          <Conversation
            chat={state.chat}
            messages={state.messages}
            pending={state.pending}
            agentTyping={state.agentTyping}
            busy={state.busy}
            onSend={(text) => session.send(text)}
            onInput={() => session.input()}
            onEnd={() => void session.end()}
            onNew={() => session.reset()}
          />
        ) : (
          <PreChatForm identity={identity} busy={state.busy} onSubmit={(payload) => void session.start(payload)} />
        )}
      </div>
    </div>
  );
}
