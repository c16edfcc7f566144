import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** Called with the trimmed text; the composer then clears. */
  onSend(text: string): void;
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
  const box = useRef<HTMLTextAreaElement>(null);

  const update = (value: string) => {
    setText(value);
    onDraftChange?.(value);
  };

  const submit = () => {
    const trimmed = text.trim();
    if (!trimmed) return;
    onSend(trimmed);
    update('');
    box.current?.focus();
  };

  return (
    <form
      class="composer"
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
        placeholder={t('composer.hint')}
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
      <button type="submit" class="button button--primary">
        {t('composer.send')}
      </button>
    </form>
  );
}
