import { useState } from 'preact/hooks';
import { t } from '../../i18n';

/** Props of {@link ReplyBox}. */
export interface ReplyBoxProps {
  /** Resolves true when the reply is stored; the box then clears. */
  onReply(text: string): Promise<boolean>;
}

/** "Répondre" + "Envoyer la réponse". */
export function ReplyBox({ onReply }: ReplyBoxProps) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="reply-box"
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = text.trim();
        if (!trimmed || busy) return;
        setBusy(true);
        void onReply(trimmed).then((ok) => {
          setBusy(false);
          if (ok) setText('');
        });
      }}
    >
      <label class="field">
        <span>{t('ticket.reply')}</span>
        <textarea rows={4} maxLength={5000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button button--primary" disabled={busy || !text.trim()}>
        {t('ticket.replySubmit')}
      </button>
    </form>
  );
}
