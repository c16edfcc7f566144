import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** Called with the trimmed text and whether it is an internal note; the composer then clears. */
  onSend(text: string, internal: boolean): void;
  /** Called on each edit (drives the typing signal). */
  onInput?(): void;
  /** Text to start with (the chat's draft). */
  draft?: string;
  onDraftChange?(text: string): void;
}

const MAX_LENGTH = 5000;

/** The message box: Enter sends, Shift+Enter inserts a newline. */
export function Composer({ onSend, onInput, draft = '', onDraftChange }: ComposerProps) {
  const [text, setText] = useState(draft);
  // Sticky while the chat is open: a second note should not go to the visitor by surprise.
  const [internal, setInternal] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);

  const update = (value: string) => {
    setText(value);
    onDraftChange?.(value);
  };

  const submit = () => {
    const trimmed = text.trim();
    if (!trimmed) return;
    onSend(trimmed, internal);
    update('');
    box.current?.focus();
  };

  return (
    <form
      class={internal ? 'composer composer--internal' : 'composer'}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label class="visually-hidden" for="composer-text">
        {t('composer.label')}
      </label>
      <textarea
        id="composer-text"
        ref={box}
        class="composer__text"
        rows={3}
        maxLength={MAX_LENGTH}
        placeholder={internal ? t('composer.internalHint') : t('composer.hint')}
        value={text}
        onInput={(e) => {
          update(e.currentTarget.value);
          onInput?.();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div class="composer__side">
        <label class="composer__internal">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />
          {t('composer.internal')}
        </label>
        <button type="submit" class="button button--primary">
          {t('composer.send')}
        </button>
      </div>
    </form>
  );
}
