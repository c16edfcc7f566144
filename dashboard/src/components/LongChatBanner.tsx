import { t } from '../i18n';

/** Props of {@link LongChatBanner}. */
export interface LongChatBannerProps {
  minutes: number;
  messages: number;
  onConvert(): void;
}

/** The policy's nudge on a long chat: continue it as a ticket. */
export function LongChatBanner({ minutes, messages, onConvert }: LongChatBannerProps) {
  return (
    <div class="banner banner--long" role="note">
      <p>{t('conversation.long', { minutes: Math.round(minutes), messages })}</p>
      <button type="button" class="button button--primary button--small" onClick={onConvert}>
        {t('conversation.convert')}
      </button>
    </div>
  );
}
